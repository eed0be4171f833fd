using k8s;
using k8s.Autorest;
using k8s.Models;
using Reservoir.FakeKubernetes.Faults;
using Reservoir.FakeKubernetes.Kubelet;
using Reservoir.FakeKubernetes.Tests.Api;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Faults;

public sealed class FaultPlanTests
{
    private const string Ns = TestObjects.Namespace;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TooManyRequests_CountedRule_Returns429WithRetryAfterThenServes()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Verb = "create", Resource = "configmaps", Count = 1, RetryAfter = TimeSpan.FromSeconds(3) });
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct));
        Assert.Empty(server.List("v1/configmaps", Ns));
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct);

        Assert.Equal(429, (int)error.Response.StatusCode);
        Assert.Equal("3", Assert.Single(error.Response.Headers["Retry-After"]));
        Assert.Single(server.List("v1/configmaps", Ns));
        Assert.Equal(["TooManyRequests", null], server.Requests.Where(r => r.Verb == "create").Select(r => r.Fault));
    }

    [Fact]
    public async Task Timeout_ClientGivesUp_NothingStored()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        server.Faults.Add(new FaultRule { Kind = FaultKind.Timeout, Verb = "create", Count = 1, Delay = TimeSpan.FromMinutes(5) });
        var client = server.CreateClient();
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var create = client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: giveUp.Token);
        // Give up only once the server holds the request (the fault was drawn), so the hang is what we abandon.
        await server.WaitUntilAsync(s => s.Faults.Injected == 1, TimeSpan.FromSeconds(60), "the request to reach the server");
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => create);

        Assert.Empty(server.List("v1/configmaps", Ns));
        await server.WaitUntilAsync(s => s.Requests.Any(r => r.Verb == "create"), TimeSpan.FromSeconds(60), "the abandoned request to be recorded");
        Assert.Equal(499, server.Requests.Single(r => r.Verb == "create").StatusCode);
    }

    [Fact]
    public async Task Probability_SameSeed_InjectsTheSameSequence()
    {
        async Task<string> Run()
        {
            await using var server = await FakeApiServer.StartAsync(Ct);
            server.Faults = new FaultPlan(seed: 7).Add(new FaultRule { Kind = FaultKind.InternalError, Verb = "get", Probability = 0.5 });
            var client = server.CreateClient();
            var outcome = new System.Text.StringBuilder();
            for (var i = 0; i < 20; i++)
            {
                try { await client.CoreV1.ReadNamespacedConfigMapAsync("missing", Ns, cancellationToken: Ct); }
                catch (HttpOperationException e) { outcome.Append((int)e.Response.StatusCode == 500 ? 'F' : '.'); }
            }
            return outcome.ToString();
        }

        var first = await Run();
        var second = await Run();

        Assert.Equal(first, second);
        Assert.Contains('F', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task Kubelet_UnderRandomFaults_StillCompletesJobs()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        server.Faults
            .Add(new FaultRule { Kind = FaultKind.TooManyRequests, Verb = "patch", Probability = 0.3 })
            .Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Verb = "create", Resource = "pods", Probability = 0.3 })
            .Add(new FaultRule { Kind = FaultKind.InternalError, Verb = "watch", Probability = 0.3 });
        var client = server.CreateClient();
        await using var kubelet = FakeKubelet.Start(client, new FakeKubeletOptions
        {
            Namespace = Ns,
            ImageCommands = new Dictionary<string, IReadOnlyList<string>> { ["busybox"] = [] },
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });

        for (var i = 0; i < 5; i++)
            await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job($"j{i}", command: ["/bin/sh", "-c", "exit 0"]), Ns, cancellationToken: Ct);
        await server.WaitUntilAsync(s => s.List<V1Job>("batch/v1/jobs", Ns).All(j => j.Status?.Conditions?.Any(c => c.Type == "Complete") == true),
            TimeSpan.FromSeconds(120), "all jobs to complete");

        Assert.All(server.List<V1Job>("batch/v1/jobs", Ns), j => Assert.Equal(1, j.Status.Succeeded));
        Assert.Equal(5, server.List("v1/pods", Ns).Count);
        Assert.True(server.Faults.Injected > 0);
    }
}
