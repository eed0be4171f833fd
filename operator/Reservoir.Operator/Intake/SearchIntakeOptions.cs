namespace Reservoir.Operator.Intake;

/// <summary>Settings of <see cref="SearchIntake"/>, validated when it is constructed.</summary>
public sealed record SearchIntakeOptions
{
    /// <summary>Namespace the Searches are created in.</summary>
    public required string Namespace { get; init; }

    /// <summary>Output root URI written into every Search's <c>spec.output</c> (e.g. <c>gs://bucket/results</c>).</summary>
    public required string OutputRoot { get; init; }

    /// <summary>Most messages asked for in one pull. <value>The default value is 100.</value></summary>
    public int MaxMessagesPerPull { get; init; } = 100;

    /// <summary>Messages handled at once (each creates its Searches). <value>The default value is 32.</value></summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>
    /// Wait before the next pull after one that was not full (the intake never uses the server's waiting pull,
    /// so dispatch latency is bounded by this). A full pull is followed at once by the next.
    /// <value>The default value is 100 ms.</value>
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A message that failed for a transient reason (API 5xx, 429, timeout) is kept leased this long and then
    /// nacked, so Pub/Sub redelivers it after about this delay. <value>The default value is 10 s.</value>
    /// </summary>
    public TimeSpan RedeliveryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait after failed pulls (backoff doubles from <see cref="PollInterval"/>). <value>The default value is 30 s.</value></summary>
    public TimeSpan MaxPullBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Namespace)) throw new ArgumentException("the Searches' namespace is required", nameof(Namespace));
        if (string.IsNullOrWhiteSpace(OutputRoot)) throw new ArgumentException("the output root is required", nameof(OutputRoot));
        if (MaxMessagesPerPull is < 1 or > 1000)
            throw new ArgumentException($"MaxMessagesPerPull must be 1 to 1000, not {MaxMessagesPerPull}", nameof(MaxMessagesPerPull));
        if (Concurrency is < 1 or > 1024) throw new ArgumentException($"Concurrency must be 1 to 1024, not {Concurrency}", nameof(Concurrency));
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentException($"PollInterval must be positive, not {PollInterval}", nameof(PollInterval));
        if (RedeliveryDelay < TimeSpan.Zero || RedeliveryDelay > TimeSpan.FromSeconds(600))
            throw new ArgumentException($"RedeliveryDelay must be 0 to 600 s, not {RedeliveryDelay}", nameof(RedeliveryDelay));
        if (MaxPullBackoff < PollInterval)
            throw new ArgumentException($"MaxPullBackoff ({MaxPullBackoff}) must be at least PollInterval ({PollInterval})", nameof(MaxPullBackoff));
    }
}
