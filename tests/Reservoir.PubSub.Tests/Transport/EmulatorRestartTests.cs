using Reservoir.Cloud;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Tests.Emulator;
using Reservoir.PubSub.Transport;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.PubSub.Tests.Transport;

/// <summary>
/// The real emulator is killed and started again while the client is publishing and pulling. The emulator keeps
/// no state across a restart, so the test recreates the topic and subscription (through a gate that keeps the
/// client's retries off the emulator until that is done); what the client sent during the outage must arrive once.
/// </summary>
[Collection(PubSubEmulatorCollection.Name)]
public sealed class EmulatorRestartTests(PubSubEmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmulatorRestartsMidUse_PublishAndPullRetryAndRecover_NothingLostOrDoubled()
    {
        emulator.Require();
        await using var gate = new LoopbackGate(emulator.Port);
        var retry = new CloudRetryOptions { MaxAttempts = 1000, BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1), TotalDeadline = TimeSpan.FromMinutes(3) };
        using var client = PubSubClient.Create(PubSubEndpoint.Emulator(gate.HostPort), retry);
        using var direct = new EmulatorScope(emulator);
        var topic = direct.Topic;
        var subscription = direct.Subscription;
        await direct.CreateAsync();
        var publisher = client.CreatePublisher(topic);
        var subscriber = client.CreateSubscriber(subscription, EmulatorScope.Immediate);

        var before = await publisher.PublishAsync([OutgoingMessage.FromText("before")], Ct);
        var pulledBefore = await EmulatorScope.PullAtLeastAsync(subscriber, 1, TimeSpan.FromSeconds(10));
        Assert.Equal(before, pulledBefore.Select(m => m.MessageId));
        await subscriber.AcknowledgeAsync([pulledBefore[0].AckId], Ct);

        gate.Close();
        await emulator.StopAsync();
        var during = Enumerable.Range(0, 50).Select(i => OutgoingMessage.FromText($"during-{i}", new Dictionary<string, string> { ["i"] = $"{i}" })).ToList();
        var publishing = publisher.PublishAsync(during, Ct);
        var pulling = subscriber.PullAsync(100, Ct);
        while (gate.Dropped < 4) await Task.Delay(50, Ct); // both calls are failing and retrying
        Assert.False(publishing.IsCompleted);
        Assert.False(pulling.IsCompleted);

        await emulator.StartAgainAsync();
        await direct.CreateAsync(); // the restarted emulator has no topics or subscriptions
        gate.Open();

        var ids = await publishing;
        Assert.Equal(50, ids.Distinct().Count());
        var got = (await pulling).ToList();
        got.AddRange(await EmulatorScope.PullAtLeastAsync(subscriber, 50 - got.Count, TimeSpan.FromSeconds(20)));
        Assert.Equal(during.Select(m => System.Text.Encoding.UTF8.GetString(m.Data.Span)).Order(), got.Select(EmulatorScope.Text).Order());
        Assert.Equal(ids.Order(), got.Select(m => m.MessageId).Order());
        await subscriber.AcknowledgeAsync([.. got.Select(m => m.AckId)], Ct);
        Assert.Empty(await EmulatorScope.PullForAsync(subscriber, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task EmulatorDown_RetriesRunOut_ErrorNamesTopicAndAttempts()
    {
        emulator.Require();
        await using var gate = new LoopbackGate(emulator.Port);
        gate.Close();
        var retry = new CloudRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(20) };
        using var client = PubSubClient.Create(PubSubEndpoint.Emulator(gate.HostPort), retry);
        var topic = new Reservoir.PubSub.Names.TopicName(EmulatorScope.Project, "never-there");

        var e = await Assert.ThrowsAsync<PubSubException>(() => client.CreatePublisher(topic).PublishAsync([OutgoingMessage.FromText("x")], Ct));

        Assert.Equal(3, e.Attempts);
        Assert.Null(e.HttpStatus);
        Assert.Contains(topic.Path, e.Message);
        Assert.Contains("after 3 attempts", e.Message);
    }
}
