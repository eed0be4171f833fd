namespace Reservoir.PubSub.Transport;

/// <summary>
/// Retries of one request on transient failures: HTTP 408, 429, 500, 502, 503, 504 (and Google statuses
/// UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, ABORTED, INTERNAL), connection failures and per-attempt
/// timeouts. Delays grow exponentially with full jitter, capped, within an overall deadline. Other 4xx are never
/// retried. Publish retries may publish a batch twice (the first attempt may have landed): Pub/Sub delivery is
/// at-least-once anyway, and consumers must treat duplicates as harmless.
/// </summary>
public sealed record RetryOptions
{
    /// <summary>Attempts in all, the first included. <value>The default value is 8.</value></summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Upper bound of the first backoff. <value>The default value is 100 ms.</value></summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of any one backoff. <value>The default value is 10 s.</value></summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Growth of the backoff cap per attempt. <value>The default value is 2.</value></summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>Time allowed for one attempt. <value>The default value is 60 s.</value></summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>No new attempt starts after this long since the first. <value>The default value is 2 minutes.</value></summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public void Validate()
    {
        if (MaxAttempts < 1) throw new ArgumentException($"MaxAttempts must be at least 1, not {MaxAttempts}", nameof(MaxAttempts));
        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < InitialBackoff)
            throw new ArgumentException("backoffs must satisfy 0 <= InitialBackoff <= MaxBackoff", nameof(InitialBackoff));
        if (Multiplier < 1) throw new ArgumentException($"Multiplier must be at least 1, not {Multiplier}", nameof(Multiplier));
        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout <= TimeSpan.Zero)
            throw new ArgumentException("timeouts must be positive", nameof(AttemptTimeout));
    }

    /// <summary>The backoff before attempt <paramref name="attempt"/> + 1 (attempt counts from 1): uniform in [0, cap].</summary>
    internal TimeSpan BackoffAfter(int attempt, double random01)
    {
        var cap = Math.Min(MaxBackoff.TotalMilliseconds, InitialBackoff.TotalMilliseconds * Math.Pow(Multiplier, attempt - 1));
        return TimeSpan.FromMilliseconds(cap * random01);
    }
}
