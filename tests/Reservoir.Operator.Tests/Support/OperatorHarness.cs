using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Reservoir.FakeKubernetes;
using Reservoir.FakeKubernetes.Api;
using Reservoir.FakeKubernetes.Kubelet;
using Reservoir.Operator.Resources;
using Reservoir.PubSub;
using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Subscribing;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Emulators;

namespace Reservoir.Operator.Tests.Support;

/// <summary>
/// One operator installation for a test: its own Pub/Sub topics on the shared emulator (observations with a
/// subscription carrying a dead-letter policy, dead-letter, results), a fresh fake API server with the Search CRD,
/// a fake kubelet running <see cref="TestImages"/>, a registry file, an output root (a local folder unless a test
/// gives a gs:// one), and the real operator program in child processes (<see cref="StartOperator"/>; SIGKILL with
/// <see cref="OperatorProcess.Kill"/>), configured as the chart configures it.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    public const string Namespace = "reservoir";
    public const string Project = "reservoir-e2e";

    /// <summary>How long any outcome is waited for: the CI machine has 2 cores and runs every test project at once.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    private readonly TempDirectory _dir = new("reservoir-operator-e2e");
    private readonly List<OperatorProcess> _operators = [];
    private readonly Dictionary<string, string?> _environment;

    private OperatorHarness(PubSubEmulatorFixture emulator, FakeApiServer api, OperatorHarnessOptions options, string id)
    {
        Api = api;
        PubSub = PubSubClient.Create(PubSubEndpoint.Emulator(emulator.HostPort));
        Topic = new TopicName(Project, "obs-" + id);
        Subscription = new SubscriptionName(Project, "obs-sub-" + id);
        DeadTopic = new TopicName(Project, "dead-" + id);
        DeadSubscription = new SubscriptionName(Project, "dead-sub-" + id);
        ResultsTopic = new TopicName(Project, "results-" + id);
        ResultsSubscription = new SubscriptionName(Project, "results-sub-" + id);
        Output = options.Output ?? _dir.File("results");
        var registry = _dir.File("algorithms.yaml");
        File.WriteAllText(registry, options.RegistryYaml());
        _environment = new Dictionary<string, string?>
        {
            ["PUBSUB_EMULATOR_HOST"] = emulator.HostPort,
            ["STORAGE_EMULATOR_HOST"] = options.StorageEmulatorHost,
            ["RESERVOIR_NAMESPACE"] = Namespace,
            ["RESERVOIR_SUBSCRIPTION"] = Subscription.Path,
            ["RESERVOIR_DEAD_LETTER_TOPIC"] = DeadTopic.Path,
            ["RESERVOIR_RESULTS_TOPIC"] = ResultsTopic.Path,
            ["RESERVOIR_OUTPUT"] = Output,
            ["RESERVOIR_INPUT_ROOT"] = options.InputRoot,
            ["RESERVOIR_REGISTRY"] = registry,
            ["RESERVOIR_API_SERVER"] = api.BaseUri.ToString(),
            ["RESERVOIR_METRICS_PORT"] = "0",
            ["RESERVOIR_LEASE_DURATION"] = "6",
            ["RESERVOIR_RENEW_DEADLINE"] = "4",
            ["RESERVOIR_RETRY_PERIOD"] = "1",
            ["RESERVOIR_LOG_LEVEL"] = "Information",
        };
    }

    public FakeApiServer Api { get; }
    public FakeKubelet Kubelet { get; private set; } = null!;
    public PubSubClient PubSub { get; }
    public TopicName Topic { get; }
    public SubscriptionName Subscription { get; }
    public TopicName DeadTopic { get; }
    public SubscriptionName DeadSubscription { get; }
    public TopicName ResultsTopic { get; }
    public SubscriptionName ResultsSubscription { get; }

    /// <summary>The output root every Search writes under (RESERVOIR_OUTPUT).</summary>
    public string Output { get; }

    public static async Task<OperatorHarness> StartAsync(PubSubEmulatorFixture emulator, OperatorHarnessOptions options)
    {
        emulator.Require();
        var ct = Xunit.TestContext.Current.CancellationToken;
        var api = await FakeApiServer.StartAsync(ct);
        api.RegisterCustomResourceDefinition(SearchCrd.Group, SearchCrd.Version, SearchCrd.Plural, SearchCrd.Kind);
        var harness = new OperatorHarness(emulator, api, options, Guid.NewGuid().ToString("N")[..10]);
        var admin = harness.PubSub.Admin;
        foreach (var topic in new[] { harness.Topic, harness.DeadTopic, harness.ResultsTopic }) await admin.CreateTopicAsync(topic, ct);
        await admin.CreateSubscriptionAsync(harness.Subscription, new SubscriptionSettings(harness.Topic)
        {
            AckDeadline = TimeSpan.FromSeconds(10),
            DeadLetter = new DeadLetterPolicy(harness.DeadTopic, MaxDeliveryAttempts: 50), // as installed; never reached here
        }, ct);
        await admin.CreateSubscriptionAsync(harness.DeadSubscription, new SubscriptionSettings(harness.DeadTopic), ct);
        await admin.CreateSubscriptionAsync(harness.ResultsSubscription, new SubscriptionSettings(harness.ResultsTopic), ct);
        harness.Kubelet = FakeKubelet.Start(new Kubernetes(api.CreateClientConfiguration(), new KubeletRequests()), new FakeKubeletOptions
        {
            Namespace = Namespace,
            ImageCommands = TestImages.Commands(),
            Environment = options.StorageEmulatorHost is { } gcs ? new Dictionary<string, string> { ["STORAGE_EMULATOR_HOST"] = gcs } : new Dictionary<string, string>(),
            MaxParallelPods = options.MaxParallelPods,
        });
        return harness;
    }

    /// <summary>Starts one more operator replica (they elect a leader through the Lease).</summary>
    public OperatorProcess StartOperator(string identity)
    {
        var process = OperatorProcess.Start(identity, _environment, _dir.Path);
        lock (_operators) _operators.Add(process);
        return process;
    }

    public Task PublishAsync(IReadOnlyList<OutgoingMessage> messages) =>
        PubSub.CreatePublisher(Topic).PublishAsync(messages, Xunit.TestContext.Current.CancellationToken);

    /// <summary>A JSON trigger message for one observation and algorithm.</summary>
    public static OutgoingMessage Request(string observation, string algorithm, string? input = null) =>
        OutgoingMessage.FromText(new JsonObject
        {
            ["observation"] = observation,
            ["input"] = input ?? $"/data/{observation}.h5",
            ["algorithms"] = new JsonArray(algorithm),
        }.ToJsonString());

    /// <summary>Pulls <paramref name="subscription"/> until at least <paramref name="count"/> messages arrived, acking them;
    /// after that, keeps pulling for <paramref name="settle"/> to catch any extra (a duplicate) message.</summary>
    public Task<List<ReceivedMessage>> PullAsync(SubscriptionName subscription, int count, TimeSpan? settle = null) =>
        PullUntilAsync(subscription, got => got.Count >= count, $"{count} messages", settle);

    /// <summary>Pulls <paramref name="subscription"/> (acking) until <paramref name="done"/> holds for all pulled so far,
    /// then <paramref name="settle"/> longer.</summary>
    public async Task<List<ReceivedMessage>> PullUntilAsync(SubscriptionName subscription, Func<List<ReceivedMessage>, bool> done, string what, TimeSpan? settle = null)
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var subscriber = PubSub.CreateSubscriber(subscription, new SubscriberOptions { WaitForMessages = false });
        var got = new List<ReceivedMessage>();
        var end = DateTime.UtcNow + Patience;
        DateTime? settleEnd = null;
        while (DateTime.UtcNow < (settleEnd ?? end))
        {
            var batch = await subscriber.PullAsync(100, ct);
            if (batch.Count > 0) await subscriber.AcknowledgeAsync(batch.Select(m => m.AckId).ToList(), ct);
            got.AddRange(batch);
            if (settleEnd is null && done(got)) settleEnd = DateTime.UtcNow + (settle ?? TimeSpan.Zero);
            if (batch.Count == 0) await Task.Delay(200, ct);
        }
        if (!done(got)) throw new TimeoutException($"{subscription.Subscription}: no {what} within {Patience} ({got.Count} pulled)\n{Diagnostics()}");
        return got;
    }

    public IReadOnlyList<SearchResource> Searches() => Api.List<SearchResource>($"{SearchCrd.Group}/{SearchCrd.Version}/{SearchCrd.Plural}", Namespace);

    public IReadOnlyList<V1Job> Jobs() => Api.List<V1Job>("batch/v1/jobs", Namespace);

    public IReadOnlyList<V1Pod> Pods() => Api.List<V1Pod>("v1/pods", Namespace);

    /// <summary>Requests the operator made (not the fake kubelet's).</summary>
    public IEnumerable<RecordedRequest> OperatorRequests() => Api.Requests.Where(r => !KubeletRequests.IsKubelet(r.Query));

    /// <summary>Observations the script images ran, one line per run (local output only).</summary>
    public IReadOnlyList<string> Runs()
    {
        var log = Path.Combine(Output, "runs.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    /// <summary>Polls until <paramref name="condition"/> holds, else fails naming <paramref name="what"/> with the operator's log.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var end = DateTime.UtcNow + (timeout ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"timed out waiting for {what}\n{Diagnostics()}");
            await Task.Delay(200, Xunit.TestContext.Current.CancellationToken);
        }
    }

    /// <summary>All <paramref name="count"/> Searches in a final phase.</summary>
    public Task WaitAllFinalAsync(int count) => WaitUntilAsync(
        () => Searches() is var all && all.Count >= count && all.All(s => SearchPhase.IsFinal(s.Status?.Phase)), $"{count} Searches to finish");

    public string Diagnostics()
    {
        var text = new StringBuilder();
        var phases = Searches().GroupBy(s => s.Status?.Phase ?? "(none)").Select(g => $"{g.Key}={g.Count()}");
        text.AppendLine($"Searches: {string.Join(", ", phases)}; Jobs: {Jobs().Count}; kubelet errors: {string.Join(" | ", Kubelet.Errors.Select(e => e.Message))}");
        List<OperatorProcess> operators;
        lock (_operators) operators = [.. _operators];
        foreach (var op in operators)
        {
            var output = op.Output;
            text.AppendLine($"--- operator {op.Identity} (exited: {op.HasExited}), last of its log:");
            text.AppendLine(output.Length > 4000 ? output[^4000..] : output);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        lock (_operators) foreach (var op in _operators) op.Dispose();
        await Kubelet.DisposeAsync();
        await Api.DisposeAsync();
        PubSub.Dispose();
        _dir.Dispose();
    }
}
