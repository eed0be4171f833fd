namespace Reservoir.PubSub.Subscribing;

/// <summary>
/// A pulled message. <see cref="AckId"/> identifies this delivery (a redelivery gets a new one);
/// <see cref="DeliveryAttempt"/> is set only on subscriptions with a dead-letter policy.
/// </summary>
public sealed record ReceivedMessage(
    string AckId,
    string MessageId,
    byte[] Data,
    IReadOnlyDictionary<string, string> Attributes,
    string? OrderingKey,
    DateTimeOffset? PublishTime,
    int? DeliveryAttempt)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Data);
}
