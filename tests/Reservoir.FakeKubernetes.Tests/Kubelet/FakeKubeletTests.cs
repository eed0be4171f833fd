using k8s;
using k8s.Models;
using Reservoir.FakeKubernetes.Kubelet;
using Reservoir.FakeKubernetes.Tests.Api;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Kubelet;

public sealed class FakeKubeletTests
{
    private const string Ns = TestObjects.Namespace;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeKubeletOptions Options(IReadOnlyDictionary<string, string>? env = null) => new()
    {
        Namespace = Ns,
        ImageCommands = new Dictionary<string, IReadOnlyList<string>> { ["busybox"] = [], ["shell"] = ["/bin/sh", "-c"] },
        Environment = env ?? new Dictionary<string, string>(),
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    private static Task WaitForFinish(FakeApiServer api, string job) =>
        api.WaitUntilAsync(s => s.Get<V1Job>("batch/v1/jobs", Ns, job)?.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed") == true,
            TimeSpan.FromSeconds(90), $"job {job} to finish");

    private static V1JobCondition Final(V1Job job) => job.Status.Conditions.Single(c => c.Type is "Complete" or "Failed");

    [Fact]
    public async Task Job_ExitZero_PodSucceededAndJobComplete()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options(new Dictionary<string, string> { ["EXTRA"] = "from-kubelet" }));
        var job = TestObjects.Job("ok", image: "shell", command: []);
        job.Spec.Template.Spec.Containers[0].Command = null;
        job.Spec.Template.Spec.Containers[0].Args = ["echo \"$EXTRA $MINE\" > /dev/termination-log"];
        job.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "MINE", Value = "from-pod" }];

        await client.BatchV1.CreateNamespacedJobAsync(job, Ns, cancellationToken: Ct);
        await WaitForFinish(api, "ok");

        var done = api.Get<V1Job>("batch/v1/jobs", Ns, "ok")!;
        Assert.Equal("Complete", Final(done).Type);
        Assert.Equal(1, done.Status.Succeeded);
        Assert.NotNull(done.Status.CompletionTime);
        var pod = Assert.Single(api.List<V1Pod>("v1/pods", Ns));
        Assert.Equal("Succeeded", pod.Status.Phase);
        Assert.Equal("ok", pod.Metadata.Labels["job-name"]);
        Assert.Equal(done.Metadata.Uid, pod.Metadata.OwnerReferences.Single().Uid);
        var terminated = pod.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("from-kubelet from-pod\n", terminated.Message);
    }

    [Fact]
    public async Task Job_ExitTwoMatchingFailJobRule_FailsAtOnceWithPodFailurePolicy()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options());
        var job = TestObjects.Job("bad", command: ["/bin/sh", "-c", "echo 'bad input: x' > /dev/termination-log; exit 2"], backoffLimit: 3);
        job.Spec.PodFailurePolicy = new V1PodFailurePolicy
        {
            Rules =
            [
                new V1PodFailurePolicyRule
                {
                    Action = "FailJob",
                    OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [2] },
                },
            ],
        };

        await client.BatchV1.CreateNamespacedJobAsync(job, Ns, cancellationToken: Ct);
        await WaitForFinish(api, "bad");

        var failed = api.Get<V1Job>("batch/v1/jobs", Ns, "bad")!;
        Assert.Equal(("Failed", "PodFailurePolicy"), (Final(failed).Type, Final(failed).Reason));
        Assert.Equal(1, failed.Status.Failed);
        var pod = Assert.Single(api.List<V1Pod>("v1/pods", Ns));
        Assert.Equal(2, pod.Status.ContainerStatuses.Single().State.Terminated.ExitCode);
        Assert.Equal("bad input: x\n", pod.Status.ContainerStatuses.Single().State.Terminated.Message);
    }

    [Fact]
    public async Task Job_ExitOne_RetriedUntilBackoffLimitThenFailed()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options());

        await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job("flaky", command: ["/bin/sh", "-c", "exit 1"], backoffLimit: 2), Ns, cancellationToken: Ct);
        await WaitForFinish(api, "flaky");

        var failed = api.Get<V1Job>("batch/v1/jobs", Ns, "flaky")!;
        Assert.Equal(("Failed", "BackoffLimitExceeded"), (Final(failed).Type, Final(failed).Reason));
        Assert.Equal(3, failed.Status.Failed);
        var pods = api.List<V1Pod>("v1/pods", Ns);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal(1, p.Status.ContainerStatuses.Single().State.Terminated.ExitCode));
    }

    [Fact]
    public async Task Job_UnknownImage_PodWaitsWithErrImagePull()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options());

        await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job("nope", image: "registry.example/missing:1"), Ns, cancellationToken: Ct);
        await api.WaitUntilAsync(s => s.List<V1Pod>("v1/pods", Ns).Any(p => p.Status?.ContainerStatuses?.Any() == true),
            TimeSpan.FromSeconds(60), "the pod's container status");

        var pod = Assert.Single(api.List<V1Pod>("v1/pods", Ns));
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Equal("ErrImagePull", pod.Status.ContainerStatuses.Single().State.Waiting.Reason);
        Assert.Null(api.Get<V1Job>("batch/v1/jobs", Ns, "nope")!.Status.Conditions);
    }

    [Fact]
    public async Task Job_DeletedWhileRunning_ProcessKilledAndPodRemoved()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options());
        using var marker = new Reservoir.TestSupport.TempDirectory();
        var pidFile = marker.File("pid");

        await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job("long", command: ["/bin/sh", "-c", $"echo $$ > {pidFile}.tmp; mv {pidFile}.tmp {pidFile}; exec sleep 600"]), Ns, cancellationToken: Ct);
        await api.WaitUntilAsync(_ => File.Exists(pidFile), TimeSpan.FromSeconds(60), "the pod's process to start");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        await client.BatchV1.DeleteNamespacedJobAsync("long", Ns, propagationPolicy: "Background", cancellationToken: Ct);
        await api.WaitUntilAsync(_ => !Directory.Exists($"/proc/{pid}"), TimeSpan.FromSeconds(60), $"process {pid} to be killed");

        Assert.Empty(api.List("v1/pods", Ns));
    }

    [Fact]
    public async Task Job_ActiveDeadlinePassed_FailsWithDeadlineExceeded()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options());
        var job = TestObjects.Job("slow", command: ["/bin/sh", "-c", "exec sleep 600"], backoffLimit: 5);
        job.Spec.ActiveDeadlineSeconds = 1;

        await client.BatchV1.CreateNamespacedJobAsync(job, Ns, cancellationToken: Ct);
        await WaitForFinish(api, "slow");

        var failed = api.Get<V1Job>("batch/v1/jobs", Ns, "slow")!;
        Assert.Equal(("Failed", "DeadlineExceeded"), (Final(failed).Type, Final(failed).Reason));
        Assert.Equal("Failed", Assert.Single(api.List<V1Pod>("v1/pods", Ns)).Status.Phase);
    }

    [Fact]
    public async Task Job_EntrypointNotExecutable_PodFailsWithStartError()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options());

        await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job("missing", command: ["/nonexistent/binary"]), Ns, cancellationToken: Ct);
        await WaitForFinish(api, "missing");

        var terminated = Assert.Single(api.List<V1Pod>("v1/pods", Ns)).Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal((128, "StartError"), (terminated.ExitCode, terminated.Reason));
        Assert.Equal("BackoffLimitExceeded", Final(api.Get<V1Job>("batch/v1/jobs", Ns, "missing")!).Reason);
        Assert.Empty(kubelet.Errors);
    }

    [Fact]
    public async Task Jobs_MoreThanMaxParallelPods_NeverRunMoreAtOnce()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        using var dir = new Reservoir.TestSupport.TempDirectory();
        await using var kubelet = FakeKubelet.Start(client, Options() with { MaxParallelPods = 2 });
        // Each pod records its start and end in a shared log; at no point may more than two be between them.
        var log = dir.File("log");
        for (var i = 0; i < 5; i++)
            await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job($"p{i}", command: ["/bin/sh", "-c", $"echo start >> {log}; sleep 0.3; echo end >> {log}"]), Ns, cancellationToken: Ct);
        await api.WaitUntilAsync(s => s.List<V1Job>("batch/v1/jobs", Ns).All(j => j.Status?.Succeeded == 1), TimeSpan.FromSeconds(120), "all jobs to succeed");

        var running = 0;
        var peak = 0;
        foreach (var line in File.ReadAllLines(log))
        {
            running += line == "start" ? 1 : -1;
            peak = Math.Max(peak, running);
        }
        Assert.Equal(0, running);
        Assert.InRange(peak, 1, 2);
    }
}
