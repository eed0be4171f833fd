namespace Reservoir.Operator.Reconcile.Jobs;

/// <summary>
/// Unfinished Jobs per algorithm, kept up to date from Job watch events and from the reconciler's own creates,
/// so that a concurrency-cap check costs O(1) instead of a scan. A slot is reserved before the create call and
/// released if it fails, so concurrent workers cannot overshoot the cap. Keys waiting for a slot are remembered
/// and handed back when one frees up.
/// </summary>
internal sealed class RunningJobs
{
    private readonly object _gate = new();
    private readonly Dictionary<string, HashSet<string>> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _waiting = new(StringComparer.Ordinal);

    public int Count(string algorithm)
    {
        lock (_gate) return _running.TryGetValue(algorithm, out var set) ? set.Count : 0;
    }

    /// <summary>
    /// Takes a slot of <paramref name="algorithm"/> for <paramref name="key"/> when fewer than <paramref name="cap"/>
    /// are taken (null cap: always). False: the key is remembered as waiting, and <paramref name="running"/> says how many run.
    /// </summary>
    public bool TryReserve(string algorithm, string key, int? cap, out int running)
    {
        lock (_gate)
        {
            var set = SetOf(_running, algorithm);
            running = set.Count;
            if (set.Contains(key)) return true;
            if (cap is { } limit && set.Count >= limit)
            {
                SetOf(_waiting, algorithm).Add(key);
                return false;
            }
            set.Add(key);
            SetOf(_waiting, algorithm).Remove(key);
            running = set.Count;
            return true;
        }
    }

    /// <summary>Records the state of a Job seen in the cache. Returns keys waiting for a slot that just freed (else empty).</summary>
    public IReadOnlyList<string> Observe(string algorithm, string key, bool unfinished)
    {
        lock (_gate)
        {
            var set = SetOf(_running, algorithm);
            if (unfinished)
            {
                set.Add(key);
                return [];
            }
            return set.Remove(key) ? TakeWaiting(algorithm) : [];
        }
    }

    /// <summary>Forgets <paramref name="key"/> (its Job was deleted or its create failed).</summary>
    public IReadOnlyList<string> Release(string algorithm, string key) => Observe(algorithm, key, unfinished: false);

    private IReadOnlyList<string> TakeWaiting(string algorithm)
    {
        if (!_waiting.Remove(algorithm, out var waiting)) return [];
        return [.. waiting];
    }

    private static HashSet<string> SetOf(Dictionary<string, HashSet<string>> map, string algorithm)
    {
        if (!map.TryGetValue(algorithm, out var set)) map[algorithm] = set = new HashSet<string>(StringComparer.Ordinal);
        return set;
    }
}
