namespace Reservoir.PubSub.Transport;

// JSON shapes of the REST API v1 (https://cloud.google.com/pubsub/docs/reference/rest), only the fields we use.
// Bytes travel base64-encoded; durations as "600s".

internal sealed record WirePubsubMessage(
    string? Data, Dictionary<string, string>? Attributes, string? MessageId = null, string? PublishTime = null, string? OrderingKey = null);

internal sealed record WirePublishRequest(IReadOnlyList<WirePubsubMessage> Messages);

internal sealed record WirePublishResponse(List<string>? MessageIds);

// returnImmediately is deprecated on the real service (it prefers long polls) but still honoured, as by the emulator.
internal sealed record WirePullRequest(int MaxMessages, bool? ReturnImmediately);

internal sealed record WireReceivedMessage(string AckId, WirePubsubMessage Message, int? DeliveryAttempt);

internal sealed record WirePullResponse(List<WireReceivedMessage>? ReceivedMessages);

internal sealed record WireAcknowledgeRequest(IReadOnlyList<string> AckIds);

internal sealed record WireModifyAckDeadlineRequest(IReadOnlyList<string> AckIds, int AckDeadlineSeconds);

internal sealed record WireTopic(string Name);

internal sealed record WireDeadLetterPolicy(string DeadLetterTopic, int MaxDeliveryAttempts);

internal sealed record WireSubscription(
    string? Name, string Topic, int? AckDeadlineSeconds, bool? EnableMessageOrdering, WireDeadLetterPolicy? DeadLetterPolicy);

internal sealed record WireEmpty;
