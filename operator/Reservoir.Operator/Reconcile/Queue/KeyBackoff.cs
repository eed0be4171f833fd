namespace Reservoir.Operator.Reconcile.Queue;

/// <summary>
/// Per-key exponential backoff: the n-th consecutive failure of a key waits <c>min(baseDelay · 2^(n-1), maxDelay)</c>.
/// Thread-safe. No jitter: reconcile retries of different keys are already spread by their own timing.
/// </summary>
internal sealed class KeyBackoff
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public KeyBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    public TimeSpan NextDelay(string key)
    {
        int failures;
        lock (_gate)
        {
            _failures.TryGetValue(key, out failures);
            failures++;
            _failures[key] = failures;
        }
        var exponent = Math.Min(failures - 1, 30);
        var ticks = _baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public int Failures(string key)
    {
        lock (_gate) return _failures.TryGetValue(key, out var n) ? n : 0;
    }

    public void Reset(string key)
    {
        lock (_gate) _failures.Remove(key);
    }
}
