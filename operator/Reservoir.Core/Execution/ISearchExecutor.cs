using Reservoir.Core.Requests;

namespace Reservoir.Core.Execution;

/// <summary>
/// Runs one search to its end: a child process of the runner locally (<see cref="LocalProcessExecutor"/>),
/// a Kubernetes Job in the cluster. Failures are outcomes, not exceptions; the only exception is
/// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires, after the work
/// has been stopped.
/// </summary>
public interface ISearchExecutor
{
    /// <param name="attempt">1 for the first try; lets an executor name per-attempt logs.</param>
    Task<SearchOutcome> ExecuteAsync(SearchSpec spec, int attempt, CancellationToken cancellationToken);
}

/// <summary>How a search attempt ended. Terminal and retryable failures are different types on purpose.</summary>
public abstract record SearchOutcome(TimeSpan Duration)
{
    /// <summary>Runner exit 0 and a manifest: the result set is complete.</summary>
    public sealed record Succeeded(long Hits, string ResultLocation, TimeSpan Duration) : SearchOutcome(Duration);

    /// <summary>Runner exit 2: bad input or bad parameters. Running it again cannot help.</summary>
    public sealed record TerminalFailure(string Reason, TimeSpan Duration) : SearchOutcome(Duration);

    /// <summary>Runner exit 1, a crash or a signal: another attempt may succeed.</summary>
    public sealed record RetryableFailure(string Reason, TimeSpan Duration) : SearchOutcome(Duration);
}
