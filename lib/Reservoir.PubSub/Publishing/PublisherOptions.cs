namespace Reservoir.PubSub.Publishing;

/// <summary>Bounds of one publish request; a larger publish is split into several requests, in order.</summary>
public sealed record PublisherOptions
{
    /// <summary>Pub/Sub's limits of one publish request: 1,000 messages, 10 MB.</summary>
    public const int ServiceMaxMessages = 1000;
    public const int ServiceMaxBytes = 10_000_000;

    /// <summary>Messages per request. <value>The default value is 1000 (the service's limit).</value></summary>
    public int MaxBatchMessages { get; init; } = ServiceMaxMessages;

    /// <summary>
    /// Estimated encoded bytes per request (base64 data, attributes, ordering key, per-message overhead).
    /// <value>The default value is 9,000,000 (headroom under the service's 10 MB).</value>
    /// </summary>
    public int MaxBatchBytes { get; init; } = 9_000_000;

    public void Validate()
    {
        if (MaxBatchMessages is < 1 or > ServiceMaxMessages)
            throw new ArgumentException($"MaxBatchMessages must be 1 to {ServiceMaxMessages}, not {MaxBatchMessages}", nameof(MaxBatchMessages));
        if (MaxBatchBytes is < 1024 or > ServiceMaxBytes)
            throw new ArgumentException($"MaxBatchBytes must be 1024 to {ServiceMaxBytes}, not {MaxBatchBytes}", nameof(MaxBatchBytes));
    }
}
