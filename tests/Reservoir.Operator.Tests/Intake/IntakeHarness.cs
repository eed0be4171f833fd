using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.Core.Requests;
using Reservoir.FakeKubernetes;
using Reservoir.Operator.Intake;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Reservoir.PubSub;
using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Subscribing;
using Reservoir.TestSupport.Emulators;

namespace Reservoir.Operator.Tests.Intake;

/// <summary>A running SearchIntake between the real emulator (unique topics per test) and a fresh fake API server.</summary>
internal sealed class IntakeHarness : IAsyncDisposable
{
    public const string Ns = "reservoir";
    public const string Project = "reservoir-test";
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    private IntakeHarness(PubSubClient pubsub, FakeApiServer api, string id)
    {
        PubSub = pubsub;
        Api = api;
        Topic = new TopicName(Project, "obs-" + id);
        Subscription = new SubscriptionName(Project, "obs-sub-" + id);
        DeadTopic = new TopicName(Project, "dead-" + id);
        DeadSubscription = new SubscriptionName(Project, "dead-sub-" + id);
    }

    public PubSubClient PubSub { get; }
    public FakeApiServer Api { get; }
    public TopicName Topic { get; }
    public SubscriptionName Subscription { get; }
    public TopicName DeadTopic { get; }
    public SubscriptionName DeadSubscription { get; }
    public CountingObserver Observer { get; } = new();
    public SearchIntake Intake { get; private set; } = null!;

    public static IAlgorithmRegistry Registry { get; } = new StaticAlgorithmRegistry(
        new AlgorithmEntry { Name = "energy-detection", Image = "runner:1" },
        new AlgorithmEntry { Name = "cnn-classifier", Image = "cnn:1" });

    public static async Task<IntakeHarness> StartAsync(PubSubEmulatorFixture emulator, Func<SearchIntakeOptions, SearchIntakeOptions>? configure = null)
    {
        emulator.Require();
        var ct = Xunit.TestContext.Current.CancellationToken;
        var api = await FakeApiServer.StartAsync(ct);
        api.RegisterCustomResourceDefinition(SearchCrd.Group, SearchCrd.Version, SearchCrd.Plural, SearchCrd.Kind);
        var harness = new IntakeHarness(PubSubClient.Create(PubSubEndpoint.Emulator(emulator.HostPort)), api, Guid.NewGuid().ToString("N")[..10]);
        var admin = harness.PubSub.Admin;
        await admin.CreateTopicAsync(harness.Topic, ct);
        await admin.CreateTopicAsync(harness.DeadTopic, ct);
        await admin.CreateSubscriptionAsync(harness.Subscription, new SubscriptionSettings(harness.Topic) { AckDeadline = TimeSpan.FromSeconds(10) }, ct);
        await admin.CreateSubscriptionAsync(harness.DeadSubscription, new SubscriptionSettings(harness.DeadTopic), ct);

        var options = new SearchIntakeOptions { Namespace = Ns, OutputRoot = "gs://results", RedeliveryDelay = TimeSpan.FromMilliseconds(300) };
        var subscriber = harness.PubSub.CreateSubscriber(harness.Subscription, new SubscriberOptions
        {
            WaitForMessages = false, MaxOutstandingMessages = 20, LeaseExtension = TimeSpan.FromSeconds(30), LeaseRenewInterval = TimeSpan.FromSeconds(3),
        });
        harness.Intake = new SearchIntake(
            subscriber, harness.PubSub.CreatePublisher(harness.DeadTopic), new SearchClient(api.CreateClient()), Registry,
            new RequestParser(new IntakeOptions { InputRoot = "gs://observations" }), configure is null ? options : configure(options),
            NullLogger.Instance, harness.Observer);
        harness._run = harness.Intake.RunAsync(harness._stop.Token);
        return harness;
    }

    public Task PublishAsync(params OutgoingMessage[] messages) =>
        PubSub.CreatePublisher(Topic).PublishAsync(messages, Xunit.TestContext.Current.CancellationToken);

    public IReadOnlyList<SearchResource> Searches() => Api.List<SearchResource>("reservoir.io/v1alpha1/searches", Ns);

    /// <summary>Pulls the dead-letter subscription until <paramref name="count"/> arrived (generous deadline) and acks them.</summary>
    public async Task<List<ReceivedMessage>> DeadLettersAsync(int count, TimeSpan? timeout = null)
    {
        var subscriber = PubSub.CreateSubscriber(DeadSubscription, new SubscriberOptions { WaitForMessages = false });
        var got = new List<ReceivedMessage>();
        var end = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (got.Count < count && DateTime.UtcNow < end)
        {
            var batch = await subscriber.PullAsync(100, Xunit.TestContext.Current.CancellationToken);
            if (batch.Count > 0) await subscriber.AcknowledgeAsync(batch.Select(m => m.AckId).ToList(), Xunit.TestContext.Current.CancellationToken);
            got.AddRange(batch);
            if (batch.Count == 0) await Task.Delay(100);
        }
        return got;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (deadline 60 s: CI machines are slow), else fails naming <paramref name="what"/>.</summary>
    public static async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var end = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        PubSub.Dispose();
        await Api.DisposeAsync();
        _stop.Dispose();
    }

    internal sealed class CountingObserver : IIntakeObserver
    {
        public int PulledMessages, Acks, DeadLetterAcks, Redeliveries, Created, Existing;
        public ConcurrentBag<string> Kinds { get; } = [];
        public void Pulled(int messages) => Interlocked.Add(ref PulledMessages, messages);
        public void Acked(bool deadLettered) { Interlocked.Increment(ref Acks); if (deadLettered) Interlocked.Increment(ref DeadLetterAcks); }
        public void DeadLettered(string kind) => Kinds.Add(kind);
        public void Redelivered() => Interlocked.Increment(ref Redeliveries);
        public void SearchStored(bool created) => Interlocked.Increment(ref created ? ref Created : ref Existing);
    }
}
