using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Subscribing;
using Reservoir.PubSub.Tests.Emulator;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.PubSub.Tests.Subscribing;

/// <summary>Pull, ack, nack and lease extension against the real emulator.</summary>
[Collection(PubSubEmulatorCollection.Name)]
public sealed class RestSubscriberTests(PubSubEmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<IReadOnlyList<string>> PublishAsync(EmulatorScope scope, params string[] texts) =>
        scope.Client.CreatePublisher(scope.Topic).PublishAsync(texts.Select(t => OutgoingMessage.FromText(t)).ToList(), Ct);

    [Fact]
    public async Task Nack_RedeliversAtOnceWithNextDeliveryAttempt_AckedOneNeverReturns()
    {
        using var scope = new EmulatorScope(emulator);
        var dead = new Reservoir.PubSub.Names.TopicName(EmulatorScope.Project, scope.Topic.Topic + "-dead");
        await scope.Client.Admin.CreateTopicAsync(dead, Ct);
        await scope.CreateAsync(s => s with { DeadLetter = new Reservoir.PubSub.Admin.DeadLetterPolicy(dead, 10) }); // delivery attempts are counted only with one
        await PublishAsync(scope, "keep", "retry");
        var subscriber = scope.Subscriber();
        var first = await EmulatorScope.PullAtLeastAsync(subscriber, 2, TimeSpan.FromSeconds(20));
        Assert.Equal(2, first.Count);
        Assert.All(first, m => Assert.Equal(1, m.DeliveryAttempt));
        var keep = first.Single(m => m.Text == "keep");
        var retry = first.Single(m => m.Text == "retry");

        await subscriber.AcknowledgeAsync([keep.AckId], Ct);
        await subscriber.NackAsync([retry.AckId], Ct);
        Assert.Equal(0, subscriber.Outstanding);

        var again = await EmulatorScope.PullAtLeastAsync(subscriber, 1, TimeSpan.FromSeconds(5)); // far under the 10 s deadline
        var redelivered = Assert.Single(again);
        Assert.Equal(retry.MessageId, redelivered.MessageId);
        Assert.Equal(2, redelivered.DeliveryAttempt);
        Assert.NotEqual(retry.AckId, redelivered.AckId);
        await subscriber.AcknowledgeAsync([redelivered.AckId], Ct);
        Assert.Empty(await EmulatorScope.PullForAsync(subscriber, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Lease_KeepsMessageFromRedeliveryPastItsDeadline_AckedMessageGoneAfterDeadline()
    {
        using var scope = new EmulatorScope(emulator);
        await scope.CreateAsync(); // ack deadline 10 s
        await PublishAsync(scope, "leased", "acked", "expires");
        var subscriber = scope.Subscriber(
            new SubscriberOptions { LeaseExtension = TimeSpan.FromSeconds(10), LeaseRenewInterval = TimeSpan.FromSeconds(3) });
        var first = await EmulatorScope.PullAtLeastAsync(subscriber, 3, TimeSpan.FromSeconds(20));
        Assert.Equal(3, first.Count);
        var leased = first.Single(m => m.Text == "leased");
        var acked = first.Single(m => m.Text == "acked");
        var expires = first.Single(m => m.Text == "expires");

        var lease = subscriber.StartLease([leased.AckId]);
        await subscriber.AcknowledgeAsync([acked.AckId], Ct);
        await Task.Delay(TimeSpan.FromSeconds(11), Ct); // past the 10 s deadline of the first delivery
        var duringLease = await EmulatorScope.PullForAsync(subscriber, TimeSpan.FromSeconds(4));

        // Only the message nobody held came back; the leased one stayed with us, the acked one is gone.
        Assert.Equal([expires.MessageId], duringLease.Select(m => m.MessageId));
        Assert.True(lease.Renewals >= 3, $"{lease.Renewals} renewals");
        Assert.Null(lease.LastError);

        await lease.DisposeAsync();
        await subscriber.NackAsync([leased.AckId], Ct);
        var afterLease = await EmulatorScope.PullAtLeastAsync(subscriber, 1, TimeSpan.FromSeconds(5));
        Assert.Equal([leased.MessageId], afterLease.Select(m => m.MessageId));
        await subscriber.AcknowledgeAsync([.. duringLease.Concat(afterLease).Select(m => m.AckId)], Ct);
    }

    [Fact]
    public async Task Pull_OutstandingBound_NeverHoldsMoreThanTheBoundUntilAcked()
    {
        using var scope = new EmulatorScope(emulator);
        await scope.CreateAsync();
        await PublishAsync(scope, [.. Enumerable.Range(0, 10).Select(i => $"m{i}")]);
        var subscriber = scope.Subscriber(new SubscriberOptions { MaxOutstandingMessages = 3 });

        var held = await EmulatorScope.PullAtLeastAsync(subscriber, 10, TimeSpan.FromSeconds(2));
        Assert.Equal(3, held.Count);
        Assert.Equal(3, subscriber.Outstanding);
        Assert.Empty(await subscriber.PullAsync(10, Ct));

        await subscriber.AcknowledgeAsync([held[0].AckId, held[1].AckId], Ct);
        Assert.Equal(1, subscriber.Outstanding);
        var next = await EmulatorScope.PullAtLeastAsync(subscriber, 10, TimeSpan.FromSeconds(2));
        Assert.Equal(2, next.Count);
        Assert.Equal(3, subscriber.Outstanding);
        Assert.Empty(held.Select(m => m.MessageId).Intersect(next.Select(m => m.MessageId)));
    }

    [Fact]
    public async Task Pull_WaitingForMessages_GivesUpAfterPullWaitWithNone()
    {
        using var scope = new EmulatorScope(emulator);
        await scope.CreateAsync();
        await PublishAsync(scope, "held");
        var holder = scope.Subscriber();
        Assert.Single(await EmulatorScope.PullAtLeastAsync(holder, 1, TimeSpan.FromSeconds(10)));
        // With a message out and none ready, the emulator holds a waiting pull (until the 10 s deadline frees one).
        var waiting = scope.Client.CreateSubscriber(scope.Subscription, new SubscriberOptions { WaitForMessages = true, PullWait = TimeSpan.FromSeconds(2) });

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var got = await waiting.PullAsync(10, Ct);

        Assert.Empty(got);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task ModifyAckDeadline_OutOfRange_ThrowsWithoutCallingServer()
    {
        using var scope = new EmulatorScope(emulator);
        var subscriber = scope.Subscriber();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => subscriber.ModifyAckDeadlineAsync(["x"], TimeSpan.FromSeconds(601), Ct));
    }
}
