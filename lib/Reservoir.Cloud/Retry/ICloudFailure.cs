namespace Reservoir.Cloud;

/// <summary>
/// A failed request that knows whether repeating it can succeed. <see cref="CloudRetryPipeline"/> retries an
/// exception implementing this exactly when <see cref="IsTransient"/> is true, waiting at least
/// <see cref="RetryAfter"/> when the server said so.
/// </summary>
public interface ICloudFailure
{
    bool IsTransient { get; }

    /// <summary>How long the server asked the client to wait (Retry-After), if it said.</summary>
    TimeSpan? RetryAfter { get; }
}
