using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Reservoir.Cloud;

/// <summary>
/// The retry policy of every GCS and Pub/Sub request (Polly.Core): up to <see cref="CloudRetryOptions.MaxAttempts"/>
/// attempts, each limited to <see cref="CloudRetryOptions.AttemptTimeout"/>, with exponential backoff and jitter
/// between them, a server's Retry-After honoured, all within <see cref="CloudRetryOptions.TotalDeadline"/>.
/// Only transient failures are retried (<see cref="IsTransient"/>); when attempts or time run out, the last
/// failure is thrown as it was. The caller's cancellation is never retried. Thread-safe; share one per client.
/// </summary>
public sealed class CloudRetryPipeline
{
    private static readonly ResiliencePropertyKey<long> Started = new("reservoir.retry.started");
    private readonly ResiliencePipeline _pipeline;
    private readonly Func<double> _random;

    private CloudRetryPipeline(CloudRetryOptions options, TimeProvider time, Func<double> random)
    {
        Options = options;
        Time = time;
        _random = random;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxAttempts > 1)
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(DelayBefore(args.AttemptNumber, args.Outcome.Exception, TimeLeft(args.Context))),
            });
        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    public CloudRetryOptions Options { get; }

    public TimeProvider Time { get; }

    /// <param name="options">Null: the defaults of <see cref="CloudRetryOptions"/>. Validated here.</param>
    /// <param name="time">Clock of backoffs, timeouts and the deadline (tests pass a fake one). Null: the system clock.</param>
    public static CloudRetryPipeline Create(CloudRetryOptions? options = null, TimeProvider? time = null) =>
        Create(options, time, Random.Shared.NextDouble);

    internal static CloudRetryPipeline Create(CloudRetryOptions? options, TimeProvider? time, Func<double> random)
    {
        options ??= new CloudRetryOptions();
        options.Validate();
        return new CloudRetryPipeline(options, time ?? TimeProvider.System, random);
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails for good, or attempts or time run out.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Started, Time.GetTimestamp());
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state(ctx.CancellationToken).ConfigureAwait(false), context, attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Whether a failure is worth another attempt: an <see cref="ICloudFailure"/> says so itself; attempt
    /// timeouts, connection errors and cut-off bodies are; the caller's cancellation and anything else are not.
    /// </summary>
    public static bool IsTransient(Exception? exception, CancellationToken callerToken) => exception switch
    {
        null => false,
        ICloudFailure failure => failure.IsTransient,
        TimeoutRejectedException => true,
        HttpRequestException => true,
        SocketException => true,
        IOException => true, // a body cut short: HttpIOException, a reset socket
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>The backoff before retry number <paramref name="retry"/> (0 = first): Retry-After when given, else exponential with jitter; never past the deadline.</summary>
    internal TimeSpan DelayBefore(int retry, Exception? failure, TimeSpan left)
    {
        TimeSpan delay;
        if (failure is ICloudFailure { RetryAfter: { } after })
            delay = after < Options.MaxRetryAfter ? after : Options.MaxRetryAfter;
        else
        {
            var cap = Math.Min(Options.MaxDelay.TotalMilliseconds, Options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
            delay = TimeSpan.FromMilliseconds(cap / 2 + cap / 2 * _random()); // "equal jitter": never less than half the cap
        }
        return delay < left ? delay : (left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }

    private bool ShouldRetry(Exception? exception, ResilienceContext context) =>
        IsTransient(exception, context.CancellationToken) && TimeLeft(context) > TimeSpan.Zero;

    private TimeSpan TimeLeft(ResilienceContext context) =>
        Options.TotalDeadline - Time.GetElapsedTime(context.Properties.GetValue(Started, Time.GetTimestamp()));
}
