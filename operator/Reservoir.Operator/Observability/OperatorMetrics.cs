using Prometheus;
using Reservoir.Operator.Intake;
using Reservoir.Operator.Reconcile;

namespace Reservoir.Operator.Observability;

/// <summary>
/// The operator's Prometheus metrics, in a registry of their own (no process-wide state, so tests and several
/// operators in one process do not mix). Served as text at <c>/metrics</c> by <see cref="OperatorWebServer"/>.
/// </summary>
public sealed class OperatorMetrics : IIntakeObserver, IReconcileObserver
{
    /// <summary>Dispatch latency buckets (seconds): sub-second dispatch is the target, minutes mean a backlog.</summary>
    private static readonly double[] LatencyBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly Gauge _searches;
    private readonly Histogram _dispatchLatency;
    private readonly Counter _pulls, _pulledMessages, _acks, _deadLetters, _redeliveries, _searchesStored, _reconcileErrors, _jobsCreated;
    private readonly Gauge _leader;

    public OperatorMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        _searches = factory.CreateGauge("reservoir_searches", "Searches known to the operator, by phase (\"\" before the first status).", "phase");
        _dispatchLatency = factory.CreateHistogram("reservoir_dispatch_latency_seconds",
            "Time from the trigger message's publish time to the creation of its Job.",
            new HistogramConfiguration { Buckets = LatencyBuckets, LabelNames = ["algorithm"] });
        _jobsCreated = factory.CreateCounter("reservoir_jobs_created_total", "Jobs created, by algorithm.", "algorithm");
        _reconcileErrors = factory.CreateCounter("reservoir_reconcile_errors_total", "Failed reconcile passes, by reason.", "reason");
        _pulls = factory.CreateCounter("reservoir_intake_pulls_total", "Pull requests made to the subscription.");
        _pulledMessages = factory.CreateCounter("reservoir_intake_messages_pulled_total", "Messages received from the subscription.");
        _acks = factory.CreateCounter("reservoir_intake_acks_total", "Messages acknowledged, by outcome (searches | dead-letter).", "outcome");
        _deadLetters = factory.CreateCounter("reservoir_intake_dead_letters_total", "Messages sent to the dead-letter topic, by kind.", "kind");
        _redeliveries = factory.CreateCounter("reservoir_intake_redeliveries_total", "Messages handed back after a transient failure.");
        _searchesStored = factory.CreateCounter("reservoir_intake_searches_total", "Searches the intake stored, by result (created | existing).", "result");
        _leader = factory.CreateGauge("reservoir_leader", "1 while this replica is the leader, else 0.");
    }

    /// <summary>The registry holding every metric above (and .NET runtime stats).</summary>
    public CollectorRegistry Registry { get; }

    public void Pulled(int messages)
    {
        _pulls.Inc();
        if (messages > 0) _pulledMessages.Inc(messages);
    }

    public void Acked(bool deadLettered) => _acks.WithLabels(deadLettered ? "dead-letter" : "searches").Inc();

    public void DeadLettered(string kind) => _deadLetters.WithLabels(kind).Inc();

    public void Redelivered() => _redeliveries.Inc();

    public void SearchStored(bool created) => _searchesStored.WithLabels(created ? "created" : "existing").Inc();

    public void JobCreated(string algorithm, TimeSpan? sincePublished)
    {
        _jobsCreated.WithLabels(algorithm).Inc();
        if (sincePublished is { } latency) _dispatchLatency.WithLabels(algorithm).Observe(Math.Max(0, latency.TotalSeconds));
    }

    public void PhaseCounts(IReadOnlyDictionary<string, int> searchesByPhase)
    {
        // Phases absent from the snapshot drop to 0 rather than keeping a stale value.
        foreach (var phase in Resources.SearchPhase.All.Append(""))
            _searches.WithLabels(phase).Set(searchesByPhase.GetValueOrDefault(phase));
    }

    public void ReconcileError(string reason) => _reconcileErrors.WithLabels(reason).Inc();

    public void Leading(bool leading) => _leader.Set(leading ? 1 : 0);

    /// <summary>The Prometheus text exposition of every metric.</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken) =>
        await Registry.CollectAndExportAsTextAsync(output, cancellationToken);
}
