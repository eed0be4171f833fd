using System.Text;

namespace Reservoir.PubSub.Publishing;

/// <summary>Splits a publish into consecutive requests within <see cref="PublisherOptions"/>' bounds.</summary>
internal static class PublishBatches
{
    /// <summary>Fixed JSON cost per message (braces, field names, quotes) in the size estimate.</summary>
    internal const int MessageOverhead = 64;

    /// <summary>Estimated bytes <paramref name="message"/> adds to a publish request body.</summary>
    public static long EncodedSize(OutgoingMessage message)
    {
        long size = MessageOverhead + (message.Data.Length + 2) / 3 * 4;
        if (message.Attributes is not null)
            foreach (var (k, v) in message.Attributes)
                size += Encoding.UTF8.GetByteCount(k) + Encoding.UTF8.GetByteCount(v) + 8;
        if (message.OrderingKey is not null) size += Encoding.UTF8.GetByteCount(message.OrderingKey) + 16;
        return size;
    }

    /// <summary>
    /// Consecutive ranges covering <paramref name="messages"/> in order, each within both bounds. Throws
    /// <see cref="ArgumentException"/> naming the index of a message that is empty or could never fit.
    /// </summary>
    public static List<Range> Split(IReadOnlyList<OutgoingMessage> messages, PublisherOptions options)
    {
        var batches = new List<Range>();
        int start = 0, count = 0;
        long bytes = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Data.Length == 0 && (message.Attributes is null || message.Attributes.Count == 0))
                throw new ArgumentException($"message {i} has neither data nor attributes (Pub/Sub rejects it)", nameof(messages));
            var size = EncodedSize(message);
            if (size > options.MaxBatchBytes)
                throw new ArgumentException($"message {i} is about {size} bytes encoded, over the batch bound of {options.MaxBatchBytes}", nameof(messages));
            if (count > 0 && (count == options.MaxBatchMessages || bytes + size > options.MaxBatchBytes))
            {
                batches.Add(new Range(start, start + count));
                start = i;
                count = 0;
                bytes = 0;
            }
            count++;
            bytes += size;
        }
        if (count > 0) batches.Add(new Range(start, start + count));
        return batches;
    }
}
