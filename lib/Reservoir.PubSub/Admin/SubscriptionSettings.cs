using Reservoir.PubSub.Names;

namespace Reservoir.PubSub.Admin;

/// <summary>
/// After <see cref="MaxDeliveryAttempts"/> (5–100) deliveries without an ack, Pub/Sub forwards the message to
/// <see cref="DeadLetterTopic"/>. (The service account needs publish rights there on real Pub/Sub.)
/// </summary>
public sealed record DeadLetterPolicy(TopicName DeadLetterTopic, int MaxDeliveryAttempts = 5)
{
    public void Validate()
    {
        if (MaxDeliveryAttempts is < 5 or > 100)
            throw new ArgumentException($"MaxDeliveryAttempts must be 5 to 100, not {MaxDeliveryAttempts}", nameof(MaxDeliveryAttempts));
    }
}

/// <summary>What a new subscription is created with.</summary>
public sealed record SubscriptionSettings(TopicName Topic)
{
    /// <summary>Ack deadline, 10–600 s. <value>The default value is 10 s (the service's default).</value></summary>
    public TimeSpan AckDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliver messages with the same ordering key in order. <value>The default value is false.</value></summary>
    public bool EnableMessageOrdering { get; init; }

    /// <summary>Dead-letter policy, or none. <value>The default value is null.</value></summary>
    public DeadLetterPolicy? DeadLetter { get; init; }

    public void Validate()
    {
        if (AckDeadline < TimeSpan.FromSeconds(10) || AckDeadline > TimeSpan.FromSeconds(600))
            throw new ArgumentException($"AckDeadline must be 10 to 600 s, not {AckDeadline}", nameof(AckDeadline));
        DeadLetter?.Validate();
    }
}

/// <summary>A subscription as the server reports it.</summary>
public sealed record SubscriptionInfo(
    SubscriptionName Name, TopicName Topic, TimeSpan AckDeadline, bool EnableMessageOrdering, DeadLetterPolicy? DeadLetter);
