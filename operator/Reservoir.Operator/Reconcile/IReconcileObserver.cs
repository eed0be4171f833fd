namespace Reservoir.Operator.Reconcile;

/// <summary>
/// Metrics hooks of the reconciler (the host adapts them to its Prometheus metrics). Called on reconcile and
/// watch threads: implementations must be cheap, thread-safe and must not throw.
/// </summary>
public interface IReconcileObserver
{
    /// <summary>A Job was created for a Search of <paramref name="algorithm"/>; <paramref name="sincePublished"/> is the
    /// time since the Search's <c>reservoir.io/published-at</c> annotation (null when absent).</summary>
    void JobCreated(string algorithm, TimeSpan? sincePublished);

    /// <summary>Searches in the cache by phase ("" for none yet), after every change.</summary>
    void PhaseCounts(IReadOnlyDictionary<string, int> searchesByPhase);

    /// <summary>A reconcile pass failed; <paramref name="reason"/> is a short token (api, conflict, exception, …).</summary>
    void ReconcileError(string reason);
}
