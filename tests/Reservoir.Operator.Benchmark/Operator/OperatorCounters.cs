using Reservoir.Operator.Intake;
using Reservoir.Operator.Reconcile;

namespace Reservoir.Operator.Benchmark.Operator;

/// <summary>Counts what the intake and the controller report (thread-safe, allocation-free).</summary>
public sealed class OperatorCounters : IIntakeObserver, IReconcileObserver
{
    public long PulledMessages, Pulls, EmptyPulls, StoredSearches, CreatedJobs, FailedReconciles;

    public void Pulled(int messages)
    {
        Interlocked.Add(ref PulledMessages, messages);
        Interlocked.Increment(ref Pulls);
        if (messages == 0) Interlocked.Increment(ref EmptyPulls);
    }
    public void Acked(bool deadLettered) { }
    public void DeadLettered(string kind) { }
    public void Redelivered() { }
    public void SearchStored(bool created) { if (created) Interlocked.Increment(ref StoredSearches); }
    public void JobCreated(string algorithm, TimeSpan? sincePublished) => Interlocked.Increment(ref CreatedJobs);
    public void PhaseCounts(IReadOnlyDictionary<string, int> searchesByPhase) { }
    public void ReconcileError(string reason) => Interlocked.Increment(ref FailedReconciles);
}
