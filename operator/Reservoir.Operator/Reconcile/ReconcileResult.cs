namespace Reservoir.Operator.Reconcile;

/// <summary>
/// What a reconcile pass asks of the work queue. <see cref="Done"/>: nothing more until the next change.
/// <see cref="RequeueAfter"/>: look again after the delay (a held Search, a Job still running) without counting
/// as a failure. <see cref="Failure"/>: requeued with per-key exponential backoff; the reason is logged and
/// counted as a reconcile error.
/// </summary>
public sealed record ReconcileResult
{
    private ReconcileResult(ReconcileOutcome outcome, TimeSpan delay, string? reason)
    {
        Outcome = outcome;
        Delay = delay;
        Reason = reason;
    }

    public ReconcileOutcome Outcome { get; }

    /// <summary>For <see cref="ReconcileOutcome.Requeue"/>: how long to wait.</summary>
    public TimeSpan Delay { get; }

    /// <summary>For <see cref="ReconcileOutcome.Failure"/>: a short token for metrics followed by details.</summary>
    public string? Reason { get; }

    public static ReconcileResult Done { get; } = new(ReconcileOutcome.Done, TimeSpan.Zero, null);

    public static ReconcileResult RequeueAfter(TimeSpan delay) =>
        new(ReconcileOutcome.Requeue, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, null);

    public static ReconcileResult Failure(string reason) => new(ReconcileOutcome.Failure, TimeSpan.Zero, reason);
}

public enum ReconcileOutcome
{
    Done,
    Requeue,
    Failure,
}
