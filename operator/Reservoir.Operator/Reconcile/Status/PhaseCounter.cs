namespace Reservoir.Operator.Reconcile.Status;

/// <summary>Searches per phase, updated from cache changes (O(1) per change; "" counts Searches with no phase yet).</summary>
internal sealed class PhaseCounter
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <returns>True when a count changed.</returns>
    public bool Apply(string? previousPhase, bool hadPrevious, string? currentPhase, bool hasCurrent)
    {
        var from = hadPrevious ? previousPhase ?? "" : null;
        var to = hasCurrent ? currentPhase ?? "" : null;
        if (from == to) return false;
        lock (_gate)
        {
            if (from is not null) _counts[from] = Math.Max(0, _counts.GetValueOrDefault(from) - 1);
            if (to is not null) _counts[to] = _counts.GetValueOrDefault(to) + 1;
        }
        return true;
    }

    public IReadOnlyDictionary<string, int> Snapshot()
    {
        lock (_gate) return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
    }
}
