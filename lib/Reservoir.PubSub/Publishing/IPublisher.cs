using Reservoir.PubSub.Names;

namespace Reservoir.PubSub.Publishing;

/// <summary>Publishes to one topic.</summary>
public interface IPublisher
{
    TopicName Topic { get; }

    /// <summary>
    /// Publishes <paramref name="messages"/> in order, in as many requests as the batch bounds need, and returns
    /// their server-assigned message IDs in the same order. On failure (a <see cref="Transport.PubSubException"/>
    /// after retries), earlier requests may already be published; the exception says which request failed.
    /// </summary>
    Task<IReadOnlyList<string>> PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default);
}

public static class PublisherExtensions
{
    /// <summary>Publishes one message and returns its message ID.</summary>
    public static async Task<string> PublishAsync(this IPublisher publisher, OutgoingMessage message, CancellationToken cancellationToken = default) =>
        (await publisher.PublishAsync([message], cancellationToken))[0];
}
