using System.Text;

namespace Reservoir.PubSub.Publishing;

/// <summary>
/// A message to publish. Pub/Sub rejects a message with neither data nor attributes. Messages with the same
/// <see cref="OrderingKey"/> are delivered in publish order to subscriptions with message ordering enabled.
/// </summary>
public sealed record OutgoingMessage(
    ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string>? Attributes = null, string? OrderingKey = null)
{
    /// <summary>A message whose data is <paramref name="text"/> in UTF-8.</summary>
    public static OutgoingMessage FromText(string text, IReadOnlyDictionary<string, string>? attributes = null, string? orderingKey = null) =>
        new(Encoding.UTF8.GetBytes(text), attributes, orderingKey);
}
