using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using k8s.Models;
using Reservoir.FakeKubernetes;
using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Intake;
using Reservoir.PubSub;
using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Emulators;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Operator.Tests.Hosting;

/// <summary>The built reservoir-operator program against the fake API server and the real Pub/Sub emulator.</summary>
[Collection(OperatorEmulatorCollection.Name)]
public sealed class OperatorProgramTests(PubSubEmulatorFixture emulator)
{
    private const string Ns = "reservoir";
    private const string Project = "reservoir-test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Program_ServesHealthAndMetrics_TurnsMessageIntoSearch_StopsOnSigterm()
    {
        emulator.Require();
        await using var api = await FakeApiServer.StartAsync(Ct);
        api.RegisterCustomResourceDefinition(SearchCrd.Group, SearchCrd.Version, SearchCrd.Plural, SearchCrd.Kind);
        using var pubsub = PubSubClient.Create(PubSubEndpoint.Emulator(emulator.HostPort));
        var id = Guid.NewGuid().ToString("N")[..10];
        var topic = new TopicName(Project, "obs-" + id);
        var subscription = new SubscriptionName(Project, "obs-sub-" + id);
        var dead = new TopicName(Project, "dead-" + id);
        await pubsub.Admin.CreateTopicAsync(topic, Ct);
        await pubsub.Admin.CreateTopicAsync(dead, Ct);
        await pubsub.Admin.CreateSubscriptionAsync(subscription, new SubscriptionSettings(topic), Ct);

        using var dir = new TempDirectory();
        var registry = dir.File("algorithms.yaml");
        await File.WriteAllTextAsync(registry, "energy-detection:\n  image: example/runner:1.0\n  cpu: 500m\n", Ct);
        var port = LoopbackPort.Free();
        using var program = ChildProcess.Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "reservoir-operator.dll"), "--api-server", api.BaseUri.ToString(), "--metrics-port", port.ToString()],
            dir.Path,
            new Dictionary<string, string?>
            {
                ["PUBSUB_EMULATOR_HOST"] = emulator.HostPort,
                ["RESERVOIR_SUBSCRIPTION"] = subscription.Path,
                ["RESERVOIR_DEAD_LETTER_TOPIC"] = dead.Path,
                ["RESERVOIR_OUTPUT"] = "gs://results",
                ["RESERVOIR_INPUT_ROOT"] = "gs://observations",
                ["RESERVOIR_REGISTRY"] = registry,
                ["RESERVOIR_IDENTITY"] = "operator-test-0",
                ["RESERVOIR_NAMESPACE"] = Ns,
                ["KUBERNETES_SERVICE_HOST"] = null,
            });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };

        await WaitForAsync(async () => await StatusAsync(http, "healthz") == HttpStatusCode.OK, "/healthz 200", program);
        await WaitForAsync(async () => await StatusAsync(http, "readyz") == HttpStatusCode.OK, "/readyz 200 (leader known, caches synced)", program);
        await WaitForAsync(async () => (await TextAsync(http, "metrics")).Contains("reservoir_leader 1", StringComparison.Ordinal), "leadership in /metrics", program);
        Assert.Equal("operator-test-0", api.Get<V1Lease>("coordination.k8s.io/v1/leases", Ns, "reservoir-operator")?.Spec.HolderIdentity);

        await pubsub.CreatePublisher(topic).PublishAsync(OutgoingMessage.FromText("program-obs-1"), Ct);
        SearchResource? search = null;
        await WaitForAsync(() =>
        {
            search = api.List<SearchResource>("reservoir.io/v1alpha1/searches", Ns).SingleOrDefault();
            return Task.FromResult(search is not null);
        }, "the message to become a Search", program);
        Assert.Equal(("program-obs-1", "energy-detection", "gs://observations/program-obs-1.h5", "gs://results"),
            (search!.Spec.Observation, search.Spec.Algorithm, search.Spec.Input, search.Spec.Output));
        await WaitForAsync(() => Task.FromResult(api.Get<V1Job>("batch/v1/jobs", Ns, search.Metadata.Name) is not null), "the Search's Job", program);
        Assert.Equal("example/runner:1.0", api.Get<V1Job>("batch/v1/jobs", Ns, search.Metadata.Name)!.Spec.Template.Spec.Containers[0].Image);
        await WaitForAsync(async () => (await TextAsync(http, "metrics")).Contains("reservoir_intake_acks_total{outcome=\"searches\"} 1", StringComparison.Ordinal), "the ack in /metrics", program);

        // The documented image roll: the ConfigMap changes, later Searches get the new image, existing Jobs keep theirs.
        var edited = registry + ".new";
        await File.WriteAllTextAsync(edited, "energy-detection:\n  image: example/runner:2.0\n  cpu: 500m\n", Ct);
        File.Move(edited, registry, overwrite: true);
        await WaitForAsync(() => Task.FromResult(program.Output.Contains("example/runner:2.0", StringComparison.Ordinal)), "the registry reload", program);
        await pubsub.CreatePublisher(topic).PublishAsync(OutgoingMessage.FromText("program-obs-2"), Ct);
        V1Job? second = null;
        await WaitForAsync(() =>
        {
            var name = api.List<SearchResource>("reservoir.io/v1alpha1/searches", Ns).SingleOrDefault(s => s.Spec.Observation == "program-obs-2")?.Metadata.Name;
            second = name is null ? null : api.Get<V1Job>("batch/v1/jobs", Ns, name);
            return Task.FromResult(second is not null);
        }, "the second Search's Job", program);
        Assert.Equal("example/runner:2.0", second!.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("example/runner:1.0", api.Get<V1Job>("batch/v1/jobs", Ns, search.Metadata.Name)!.Spec.Template.Spec.Containers[0].Image);

        Assert.Equal(0, Kill(program.Process.Id, 15)); // SIGTERM
        var result = await program.WaitAsync(Patience);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Null(api.Get<V1Lease>("coordination.k8s.io/v1/leases", Ns, "reservoir-operator")!.Spec.HolderIdentity); // released
    }

    [Fact]
    public async Task Program_BadRegistry_Exit2NamingField()
    {
        await using var api = await FakeApiServer.StartAsync(Ct);
        using var dir = new TempDirectory();
        var registry = dir.File("algorithms.yaml");
        await File.WriteAllTextAsync(registry, "energy-detection:\n  image: example/runner:1.0\n  memory: 2GB\n", Ct);
        var result = await ChildProcess.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "reservoir-operator.dll"), "--api-server", api.BaseUri.ToString(), "--metrics-port", "0",
             "--registry", registry, "--subscription", "projects/p/subscriptions/sub", "--dead-letter-topic", "projects/p/topics/dead", "--output", "gs://o"],
            Patience, dir.Path, new Dictionary<string, string?> { ["PUBSUB_EMULATOR_HOST"] = "127.0.0.1:1", ["KUBERNETES_SERVICE_HOST"] = null });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("energy-detection.memory: '2GB' is not a Kubernetes quantity", result.Output);
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, string path)
    {
        try { return (await http.GetAsync(path, Ct)).StatusCode; }
        catch (HttpRequestException) { return null; }
        catch (TaskCanceledException) when (!Ct.IsCancellationRequested) { return null; }
    }

    private static async Task<string> TextAsync(HttpClient http, string path)
    {
        try { return await http.GetStringAsync(path, Ct); }
        catch (HttpRequestException) { return ""; }
        catch (TaskCanceledException) when (!Ct.IsCancellationRequested) { return ""; }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, ChildProcess program)
    {
        var end = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (program.Process.HasExited) Assert.Fail($"reservoir-operator exited ({program.Process.ExitCode}) before {what}:\n{program.Output}");
            if (DateTime.UtcNow > end) Assert.Fail($"timed out waiting for {what}:\n{program.Output}");
            await Task.Delay(100, Ct);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
