using System.Text;
using Reservoir.Cloud;
using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Subscribing;
using Reservoir.PubSub.Transport;
using Reservoir.TestSupport.Emulators;

namespace Reservoir.PubSub.Tests.Emulator;

/// <summary>A client of the shared emulator plus a topic and subscription named uniquely for one test.</summary>
internal sealed class EmulatorScope : IDisposable
{
    public const string Project = "reservoir-test";

    public EmulatorScope(PubSubEmulatorFixture emulator, CloudRetryOptions? retry = null, HttpMessageHandler? handler = null)
    {
        emulator.Require();
        Client = PubSubClient.Create(PubSubEndpoint.Emulator(emulator.HostPort), retry, handler: handler);
        var id = Guid.NewGuid().ToString("N")[..10];
        Topic = new TopicName(Project, "topic-" + id);
        Subscription = new SubscriptionName(Project, "sub-" + id);
    }

    /// <summary>Pulls answer at once when nothing is ready (the emulator otherwise holds a pull while messages are out).</summary>
    public static SubscriberOptions Immediate { get; } = new() { WaitForMessages = false };

    public PubSubClient Client { get; }

    /// <summary>A subscriber of this scope's subscription whose pulls answer at once.</summary>
    public ISubscriber Subscriber(SubscriberOptions? options = null) =>
        Client.CreateSubscriber(Subscription, (options ?? Immediate) with { WaitForMessages = false });
    public TopicName Topic { get; }
    public SubscriptionName Subscription { get; }

    /// <summary>Creates the topic and a subscription to it.</summary>
    public async Task<SubscriptionInfo> CreateAsync(Func<SubscriptionSettings, SubscriptionSettings>? configure = null)
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await Client.Admin.CreateTopicAsync(Topic, ct);
        var settings = new SubscriptionSettings(Topic);
        return await Client.Admin.CreateSubscriptionAsync(Subscription, configure is null ? settings : configure(settings), ct);
    }

    /// <summary>Pulls until <paramref name="count"/> messages came or <paramref name="timeout"/> passed (a pull may return fewer than are there).</summary>
    public static async Task<List<ReceivedMessage>> PullAtLeastAsync(ISubscriber subscriber, int count, TimeSpan timeout)
    {
        var got = new List<ReceivedMessage>();
        var end = DateTime.UtcNow + timeout;
        while (got.Count < count && DateTime.UtcNow < end)
        {
            var batch = await subscriber.PullAsync(Math.Min(1000, count - got.Count), Xunit.TestContext.Current.CancellationToken);
            got.AddRange(batch);
            if (batch.Count == 0) await Task.Delay(100);
        }
        return got;
    }

    /// <summary>Pulls for <paramref name="duration"/> and returns all that came (to show that nothing comes).</summary>
    public static async Task<List<ReceivedMessage>> PullForAsync(ISubscriber subscriber, TimeSpan duration)
    {
        var got = new List<ReceivedMessage>();
        var end = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < end)
        {
            got.AddRange(await subscriber.PullAsync(100, Xunit.TestContext.Current.CancellationToken));
            await Task.Delay(100);
        }
        return got;
    }

    public static string Text(ReceivedMessage m) => Encoding.UTF8.GetString(m.Data);

    public void Dispose() => Client.Dispose();
}
