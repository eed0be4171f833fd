using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Reservoir.Storage.Gcs.Http;

/// <summary>
/// The one retry policy of every GCS request: exponential backoff with jitter, bounded attempts, a
/// server's Retry-After honoured (up to <see cref="GcsRetryOptions.MaxRetryAfter"/>), and a timeout per
/// attempt. Retries transient failures only: 408/429/5xx, dropped or refused connections, truncated bodies
/// and attempt timeouts. Checksum mismatches, other 4xx and the caller's cancellation are never retried.
/// </summary>
internal static class GcsRetryPipeline
{
    public static ResiliencePipeline Create(GcsOptions options)
    {
        var retry = options.Retry;
        var builder = new ResiliencePipelineBuilder { TimeProvider = retry.TimeProvider };
        if (retry.MaxRetryAttempts > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is GcsRequestException { RetryAfter: { } after }
                        ? (TimeSpan?)(after < retry.MaxRetryAfter ? after : retry.MaxRetryAfter)
                        : null),
            });
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    public static bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        null => false,
        GcsRequestException e => e.IsTransient,
        GcsIntegrityException => false,
        TimeoutRejectedException => true,
        HttpRequestException => true,
        IOException => true, // a body cut short: HttpIOException, socket reset
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
