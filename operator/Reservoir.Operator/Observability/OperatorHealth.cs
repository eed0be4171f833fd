namespace Reservoir.Operator.Observability;

/// <summary>
/// Liveness and readiness. Liveness (<c>/healthz</c>): every running loop (the elector always; intake and
/// reconciler while leading) reports a heartbeat, and one that has not moved for <see cref="StallAfter"/> fails
/// the check, so the kubelet restarts a wedged operator. Readiness (<c>/readyz</c>): the Lease has been read
/// (a leader is known, this replica or another) and, on the leader, the reconciler's caches are synced.
/// </summary>
public sealed class OperatorHealth(TimeProvider? time = null)
{
    /// <summary>The default stall threshold: far above any loop's normal period (the reconciler may idle between resyncs).</summary>
    public static readonly TimeSpan DefaultStallAfter = TimeSpan.FromMinutes(10);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Func<DateTimeOffset>> _loops = [];
    private Func<bool>? _leaderKnown;
    private Func<bool>? _cachesSynced;

    public TimeSpan StallAfter { get; init; } = DefaultStallAfter;

    /// <summary>Starts watching a loop's heartbeat; dispose the result when the loop stops (e.g. leadership lost).</summary>
    public IDisposable Track(string loop, Func<DateTimeOffset> lastProgress)
    {
        lock (_gate) _loops[loop] = lastProgress;
        return new Untrack(() => { lock (_gate) _loops.Remove(loop); });
    }

    /// <summary>Sets what readiness waits for: a known leader and, while leading, synced caches (null when not leading).</summary>
    public void SetReadiness(Func<bool> leaderKnown) => _leaderKnown = leaderKnown;

    /// <summary>While leading: the reconciler's cache state; null when not leading.</summary>
    public void SetCachesSynced(Func<bool>? cachesSynced) => _cachesSynced = cachesSynced;

    public HealthReport Liveness()
    {
        var now = _time.GetUtcNow();
        List<string> lines;
        lock (_gate)
            lines = _loops.OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => (l.Key, Age: now - l.Value()))
                .Select(l => l.Age > StallAfter ? $"{l.Key}: stalled, no progress for {l.Age.TotalSeconds:F0} s" : $"{l.Key}: ok")
                .ToList();
        return new HealthReport(!lines.Any(l => l.Contains("stalled", StringComparison.Ordinal)), lines);
    }

    public HealthReport Readiness()
    {
        var lines = new List<string>();
        var leaderKnown = _leaderKnown?.Invoke() ?? false;
        lines.Add(leaderKnown ? "leader: known" : "leader: not known yet");
        var synced = _cachesSynced;
        var cachesOk = synced is null || synced();
        if (synced is not null) lines.Add(cachesOk ? "caches: synced" : "caches: not synced yet");
        return new HealthReport(leaderKnown && cachesOk, lines);
    }

    private sealed class Untrack(Action action) : IDisposable
    {
        private Action? _action = action;
        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}

/// <summary>A check's result: <see cref="Healthy"/> and one line per part, served as the endpoint's text body.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyList<string> Lines)
{
    public string Text => string.Join('\n', Lines.Prepend(Healthy ? "ok" : "failing")) + "\n";
}
