using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Tests.Emulator;
using Reservoir.PubSub.Transport;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.PubSub.Tests.Admin;

[Collection(PubSubEmulatorCollection.Name)]
public sealed class PubSubAdminTests(PubSubEmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateSubscription_WithDeadLetterPolicyAndOrdering_GetReturnsTheSameSettings()
    {
        using var scope = new EmulatorScope(emulator);
        var dead = new TopicName(EmulatorScope.Project, scope.Topic.Topic + "-dead");
        await scope.Client.Admin.CreateTopicAsync(dead, Ct);

        var created = await scope.CreateAsync(s => s with
        {
            AckDeadline = TimeSpan.FromSeconds(30), EnableMessageOrdering = true, DeadLetter = new DeadLetterPolicy(dead, 7),
        });
        var got = await scope.Client.Admin.GetSubscriptionAsync(scope.Subscription, Ct);

        foreach (var info in new[] { created, got })
        {
            Assert.Equal(scope.Topic, info.Topic);
            Assert.Equal(TimeSpan.FromSeconds(30), info.AckDeadline);
            Assert.True(info.EnableMessageOrdering);
            Assert.Equal(new DeadLetterPolicy(dead, 7), info.DeadLetter);
        }
    }

    [Fact]
    public async Task DeadLetterPolicy_MessageNackedMaxTimes_ForwardedToDeadLetterTopic()
    {
        using var scope = new EmulatorScope(emulator);
        var dead = new TopicName(EmulatorScope.Project, scope.Topic.Topic + "-dead");
        var deadSubscription = new SubscriptionName(EmulatorScope.Project, scope.Subscription.Subscription + "-dead");
        await scope.Client.Admin.CreateTopicAsync(dead, Ct);
        await scope.Client.Admin.CreateSubscriptionAsync(deadSubscription, new SubscriptionSettings(dead), Ct);
        await scope.CreateAsync(s => s with { DeadLetter = new DeadLetterPolicy(dead, 5) });
        var id = await scope.Client.CreatePublisher(scope.Topic).PublishAsync(OutgoingMessage.FromText("poison"), Ct);
        var subscriber = scope.Subscriber();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var m = Assert.Single(await EmulatorScope.PullAtLeastAsync(subscriber, 1, TimeSpan.FromSeconds(10)));
            Assert.Equal(attempt, m.DeliveryAttempt);
            await subscriber.NackAsync([m.AckId], Ct);
        }

        // The sixth delivery never comes; the emulator moves the message to the dead-letter topic on that pull.
        Assert.Empty(await EmulatorScope.PullForAsync(subscriber, TimeSpan.FromSeconds(1)));
        var forwarded = Assert.Single(await EmulatorScope.PullAtLeastAsync(scope.Client.CreateSubscriber(deadSubscription, EmulatorScope.Immediate), 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("poison", forwarded.Text);
        Assert.NotEqual(id, forwarded.MessageId); // republished, so a new ID
        Assert.Equal("5", forwarded.Attributes["CloudPubSubDeadLetterSourceDeliveryCount"]);
        Assert.Equal(scope.Subscription.Subscription, forwarded.Attributes["CloudPubSubDeadLetterSourceSubscription"]);
    }

    [Fact]
    public async Task CreateTopic_Twice_AlreadyExists_EnsureReturnsIt()
    {
        using var scope = new EmulatorScope(emulator);
        await scope.Client.Admin.CreateTopicAsync(scope.Topic, Ct);

        var e = await Assert.ThrowsAsync<PubSubException>(() => scope.Client.Admin.CreateTopicAsync(scope.Topic, Ct));

        Assert.True(e.IsAlreadyExists);
        Assert.Contains(scope.Topic.Path, e.Message);
        Assert.Equal(scope.Topic, await scope.Client.Admin.EnsureTopicAsync(scope.Topic, Ct));
    }

    [Fact]
    public async Task GetSubscription_Missing_NotFoundNamingIt()
    {
        using var scope = new EmulatorScope(emulator);
        var e = await Assert.ThrowsAsync<PubSubException>(() => scope.Client.Admin.GetSubscriptionAsync(scope.Subscription, Ct));
        Assert.True(e.IsNotFound);
        Assert.Contains(scope.Subscription.Path, e.Message);
        Assert.Contains("NOT_FOUND", e.Message);
    }

    [Fact]
    public void DeadLetterPolicy_TooFewAttempts_Rejected()
    {
        var settings = new SubscriptionSettings(new TopicName("p", "abc")) { DeadLetter = new DeadLetterPolicy(new TopicName("p", "dead"), 4) };
        var e = Assert.Throws<ArgumentException>(settings.Validate);
        Assert.Contains("MaxDeliveryAttempts", e.Message);
    }
}
