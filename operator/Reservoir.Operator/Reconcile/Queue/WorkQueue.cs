namespace Reservoir.Operator.Reconcile.Queue;

/// <summary>
/// A deduplicating queue of keys (namespace/name) for reconcile workers, with the semantics of client-go's
/// workqueue: a key is queued at most once; a key is handed to at most one worker at a time; a key added while
/// a worker holds it is handed out again after <see cref="Done"/>. Delayed adds keep only the earliest due time
/// per key. Failures back off per key (<see cref="KeyBackoff"/>) until <see cref="Forget"/>.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<string> _ready = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Due, ITimer Timer)> _delayed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly KeyBackoff _backoff;
    private bool _disposed;

    public WorkQueue(TimeProvider time, KeyBackoff backoff)
    {
        _time = time;
        _backoff = backoff;
    }

    /// <summary>Keys waiting to be handed out (not counting delayed or in-process ones).</summary>
    public int Length { get { lock (_gate) return _ready.Count; } }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_disposed || !_dirty.Add(key)) return;
            if (_processing.Contains(key)) return; // handed out again by Done
            _ready.Enqueue(key);
        }
        _available.Release();
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed (at once when not positive).</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        var due = _time.GetUtcNow() + delay;
        lock (_gate)
        {
            if (_disposed) return;
            if (_delayed.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due) return;
                existing.Timer.Dispose();
            }
            var timer = _time.CreateTimer(_ => FireDelayed(key, due), null, delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer);
        }
    }

    /// <summary>Adds <paramref name="key"/> after its next backoff delay (doubling with each failure).</summary>
    public TimeSpan AddRateLimited(string key)
    {
        var delay = _backoff.NextDelay(key);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the failure history of <paramref name="key"/> (after a successful pass).</summary>
    public void Forget(string key) => _backoff.Reset(key);

    /// <summary>Waits for a key and marks it in process; the caller must call <see cref="Done"/> with it.</summary>
    public async Task<string> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_ready.Count == 0) continue;
                var key = _ready.Dequeue();
                _dirty.Remove(key);
                _processing.Add(key);
                return key;
            }
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; if it was added meanwhile it is queued again.</summary>
    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_dirty.Contains(key) || _disposed) return;
            _ready.Enqueue(key);
        }
        _available.Release();
    }

    private void FireDelayed(string key, DateTimeOffset due)
    {
        lock (_gate)
        {
            if (!_delayed.TryGetValue(key, out var entry) || entry.Due != due) return;
            _delayed.Remove(key);
            entry.Timer.Dispose();
        }
        Add(key);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var (_, timer) in _delayed.Values) timer.Dispose();
            _delayed.Clear();
        }
    }
}
