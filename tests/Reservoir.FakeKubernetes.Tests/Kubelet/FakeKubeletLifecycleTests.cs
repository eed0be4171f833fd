using k8s;
using k8s.Models;
using Reservoir.FakeKubernetes.Kubelet;
using Reservoir.FakeKubernetes.Tests.Api;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Kubelet;

public sealed class FakeKubeletLifecycleTests
{
    private const string Ns = TestObjects.Namespace;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeKubeletOptions Options() => new()
    {
        Namespace = Ns,
        ImageCommands = new Dictionary<string, IReadOnlyList<string>> { ["busybox"] = [] },
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public async Task Job_FinishedWithTtl_DeletedWithItsPodsAfterCompleting()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options());
        var job = TestObjects.Job("short-lived", command: ["/bin/sh", "-c", "exit 0"]);
        job.Spec.TtlSecondsAfterFinished = 0;

        await client.BatchV1.CreateNamespacedJobAsync(job, Ns, cancellationToken: Ct);
        await api.WaitUntilAsync(s => s.Requests.Any(r => r is { Verb: "delete", Resource: "jobs", StatusCode: 200 }), TimeSpan.FromSeconds(60), "the TTL deletion");

        Assert.Empty(api.List("batch/v1/jobs", Ns));
        Assert.Empty(api.List("v1/pods", Ns));
        var statusWrites = api.Requests.Where(r => r is { Resource: "jobs", Subresource: "status" }).ToList();
        Assert.NotEmpty(statusWrites);
        Assert.True(statusWrites[^1].Time <= api.Requests.First(r => r is { Verb: "delete", Resource: "jobs" }).Time);
        Assert.Empty(kubelet.Errors);
    }

    [Fact]
    public async Task WatchLoop_HistoryCompactedAndWatchDropped_RelistsAndRunsLaterJobs()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        api.BookmarkInterval = TimeSpan.FromHours(1); // no bookmark may move the kubelet past the compaction point
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options());
        await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job("before", command: ["/bin/sh", "-c", "exit 0"]), Ns, cancellationToken: Ct);
        await api.WaitUntilAsync(s => s.Get<V1Job>("batch/v1/jobs", Ns, "before")?.Status?.Succeeded == 1, TimeSpan.FromSeconds(60), "the first job");

        // Move the store past the kubelet's last seen version, forget the history and cut its watch: its
        // reconnect from that version is answered 410 Expired, which only a re-list gets past.
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("unrelated"), Ns, cancellationToken: Ct);
        api.CompactHistory();
        api.DropWatches();
        await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job("after", command: ["/bin/sh", "-c", "exit 0"]), Ns, cancellationToken: Ct);

        await api.WaitUntilAsync(s => s.Get<V1Job>("batch/v1/jobs", Ns, "after")?.Status?.Succeeded == 1, TimeSpan.FromSeconds(90), "the job created after compaction");
        Assert.Empty(kubelet.Errors);
    }

    [Fact]
    public async Task Job_TtlHandlingDisabled_FinishedJobStays()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, Options() with { DeleteFinishedJobsAfterTtl = false });
        var job = TestObjects.Job("kept", command: ["/bin/sh", "-c", "exit 0"]);
        job.Spec.TtlSecondsAfterFinished = 0;
        var marker = TestObjects.Job("marker", command: ["/bin/sh", "-c", "exit 0"]);

        await client.BatchV1.CreateNamespacedJobAsync(job, Ns, cancellationToken: Ct);
        await api.WaitUntilAsync(s => s.Get<V1Job>("batch/v1/jobs", Ns, "kept")?.Status?.Succeeded == 1, TimeSpan.FromSeconds(60), "the job to succeed");
        // A second Job run to completion afterwards shows the kubelet had every chance to act on the first.
        await client.BatchV1.CreateNamespacedJobAsync(marker, Ns, cancellationToken: Ct);
        await api.WaitUntilAsync(s => s.Get<V1Job>("batch/v1/jobs", Ns, "marker")?.Status?.Succeeded == 1, TimeSpan.FromSeconds(60), "the marker job");

        Assert.NotNull(api.Get("batch/v1/jobs", Ns, "kept"));
        Assert.DoesNotContain(api.Requests, r => r is { Verb: "delete", Resource: "jobs" });
    }

    [Fact]
    public async Task Dispose_WhileRunning_KillsProcessButLeavesPodAndJob()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        var client = api.CreateClient();
        using var dir = new Reservoir.TestSupport.TempDirectory();
        var pidFile = dir.File("pid");
        var kubelet = FakeKubelet.Start(client, Options());
        await client.BatchV1.CreateNamespacedJobAsync(
            TestObjects.Job("node-down", command: ["/bin/sh", "-c", $"echo $$ > {pidFile}.tmp; mv {pidFile}.tmp {pidFile}; exec sleep 600"]), Ns, cancellationToken: Ct);
        await api.WaitUntilAsync(_ => File.Exists(pidFile), TimeSpan.FromSeconds(60), "the pod's process to start");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());

        await kubelet.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} should be gone once the kubelet is disposed");
        Assert.Single(api.List("v1/pods", Ns));
        Assert.Single(api.List("batch/v1/jobs", Ns));
    }
}
