namespace Reservoir.Core.Dispatch;

/// <summary>What one dispatcher run did.</summary>
/// <param name="Observations">Distinct observations among the searches it handled.</param>
/// <param name="Succeeded">Searches run to a complete result.</param>
/// <param name="Skipped">Searches whose result already existed.</param>
/// <param name="Failed">Searches given up (dead-lettered), with <paramref name="Failures"/> holding name → reason.</param>
/// <param name="Retries">Attempts that failed retryably and were queued again.</param>
/// <param name="Hits">Hits over all complete results, run or skipped (unknown counts as 0).</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Cancelled">The run was stopped before the queue was empty; interrupted searches went back to it.</param>
public sealed record DispatchSummary(
    int Observations,
    int Succeeded,
    int Skipped,
    int Failed,
    int Retries,
    long Hits,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, string> Failures,
    bool Cancelled);
