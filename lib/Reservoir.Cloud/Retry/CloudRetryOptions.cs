namespace Reservoir.Cloud;

/// <summary>
/// Retries of one request to a Google API (or its emulator) on transient failures: 408, 429, 5xx, dropped or
/// refused connections, truncated bodies and attempt timeouts. Backoff grows exponentially with jitter; a
/// server's Retry-After is honoured. Defaults are documented on each property; <see cref="Validate"/> runs when
/// a pipeline is created.
/// </summary>
public sealed record CloudRetryOptions
{
    /// <summary>Attempts in all, the first included, 1..1000. <value>The default value is 7.</value></summary>
    public int MaxAttempts { get; init; } = 7;

    /// <summary>Backoff before the first retry (before jitter); doubles each retry. <value>The default value is 250 ms.</value></summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest backoff between two attempts. <value>The default value is 30 s.</value></summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A server's Retry-After is honoured up to this. <value>The default value is 60 s.</value></summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Limit on one attempt, response body included; a timed-out attempt is retried. <value>The default value is 2 minutes.</value></summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// No retry starts once this long has passed since the first attempt began, and no backoff runs past it
    /// (an attempt already running may finish). <value>The default value is 5 minutes.</value>
    /// </summary>
    public TimeSpan TotalDeadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (MaxAttempts is < 1 or > 1000)
            throw new ArgumentException($"retry MaxAttempts {MaxAttempts} must be 1..1000", nameof(MaxAttempts));
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
            throw new ArgumentException($"retry delays must satisfy 0 <= BaseDelay ({BaseDelay}) <= MaxDelay ({MaxDelay})", nameof(BaseDelay));
        if (MaxRetryAfter < TimeSpan.Zero)
            throw new ArgumentException($"retry MaxRetryAfter {MaxRetryAfter} must not be negative", nameof(MaxRetryAfter));
        if (AttemptTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"retry AttemptTimeout {AttemptTimeout} must be positive", nameof(AttemptTimeout));
        if (TotalDeadline <= TimeSpan.Zero)
            throw new ArgumentException($"retry TotalDeadline {TotalDeadline} must be positive", nameof(TotalDeadline));
    }
}
