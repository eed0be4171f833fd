namespace Reservoir.Core.Dispatch;

/// <summary>Settings of <see cref="SearchDispatcher"/>, validated when it is created.</summary>
public sealed record DispatcherOptions
{
    /// <summary>Searches running at once. <value>The default value is <see cref="Environment.ProcessorCount"/>.</value></summary>
    public int MaxConcurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Attempts a search gets before a retryable failure becomes final (then it is dead-lettered).
    /// <value>The default value is 3.</value>
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Run searches whose result already exists instead of skipping them. <value>The default value is false.</value></summary>
    public bool Force { get; init; }

    public void Validate()
    {
        if (MaxConcurrency is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "must be between 1 and 1024");
        if (MaxAttempts is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be between 1 and 100");
    }
}
