using Reservoir.Core.Requests;

namespace Reservoir.Core.Queue;

/// <summary>
/// Where searches wait to run: a spool folder in local mode (<see cref="SpoolQueue"/>); in the cluster the
/// Search resources play this part. At-least-once: a leased item stays owned until it is acknowledged,
/// released or dead-lettered, and a lease whose owner dies comes back, so an item may run more than once —
/// which is harmless because results are keyed by observation and algorithm and a manifest marks completion.
/// </summary>
public interface ISearchQueue
{
    /// <summary>Adds a search; false when one with the same name is already waiting or leased (a harmless duplicate).</summary>
    Task<bool> EnqueueAsync(SearchSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Takes the oldest waiting search for this owner, or null when none is waiting.</summary>
    Task<SearchLease?> TryLeaseAsync(CancellationToken cancellationToken = default);

    /// <summary>Done with it (succeeded, or skipped because its result exists): removes it for good.</summary>
    Task AckAsync(SearchLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts it back to wait for another attempt. <paramref name="countAttempt"/> is false when the attempt was
    /// interrupted from outside (cancelled) rather than failed, so it does not use up a retry.
    /// </summary>
    Task ReleaseAsync(SearchLease lease, string reason, bool countAttempt = true, CancellationToken cancellationToken = default);

    /// <summary>Gives up on it (terminal failure or attempts used up): removes it and records the reason.</summary>
    Task DeadLetterAsync(SearchLease lease, string reason, CancellationToken cancellationToken = default);
}

/// <summary>
/// A search taken from a queue. <paramref name="Attempt"/> counts from 1 and includes failed attempts
/// before this one; <paramref name="Token"/> is the queue's own handle and means nothing to callers.
/// </summary>
public sealed record SearchLease(SearchSpec Spec, int Attempt, string Token);
