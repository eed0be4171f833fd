using Reservoir.PubSub.Names;
using Reservoir.PubSub.Transport;

namespace Reservoir.PubSub.Publishing;

/// <summary><c>projects.topics.publish</c>, one request per batch, batches sent one after another so order holds.</summary>
internal sealed class RestPublisher(PubSubRestClient rest, TopicName topic, PublisherOptions options) : IPublisher
{
    public TopicName Topic => topic;

    public async Task<IReadOnlyList<string>> PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>(messages.Count);
        foreach (var range in PublishBatches.Split(messages, options))
        {
            var (offset, length) = range.GetOffsetAndLength(messages.Count);
            var wire = new WirePubsubMessage[length];
            for (var i = 0; i < length; i++)
            {
                var m = messages[offset + i];
                wire[i] = new WirePubsubMessage(
                    Convert.ToBase64String(m.Data.Span),
                    m.Attributes is { Count: > 0 } a ? new Dictionary<string, string>(a) : null,
                    OrderingKey: string.IsNullOrEmpty(m.OrderingKey) ? null : m.OrderingKey);
            }
            var response = await rest.SendAsync<WirePublishResponse>(
                HttpMethod.Post, topic.Path + ":publish", new WirePublishRequest(wire), $"publish of messages {offset}..{offset + length - 1}", topic.Path, cancellationToken);
            var got = response.MessageIds ?? [];
            if (got.Count != length)
                throw new PubSubException("publish", topic.Path, null, null, $"server returned {got.Count} message IDs for {length} messages", 1);
            ids.AddRange(got);
        }
        return ids;
    }
}
