namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// The last known state of every watched object (as the watcher's projection keeps it), keyed <c>namespace/name</c>.
/// Objects handed out are the cache's own instances: readers must not modify them (copy first).
/// </summary>
internal sealed class ResourceCache<T> where T : class
{
    private readonly object _gate = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);

    public static string KeyOf(string? @namespace, string name) => $"{@namespace}/{name}";

    public int Count { get { lock (_gate) return _items.Count; } }

    public T? Get(string key)
    {
        lock (_gate) return _items.TryGetValue(key, out var item) ? item : null;
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate) return [.. _items.Values];
    }

    public IReadOnlyList<string> Keys()
    {
        lock (_gate) return [.. _items.Keys];
    }

    /// <summary>Stores <paramref name="item"/>; returns the previous object of that key, if any.</summary>
    public T? Upsert(string key, T item)
    {
        lock (_gate)
        {
            _items.TryGetValue(key, out var previous);
            _items[key] = item;
            return previous;
        }
    }

    public T? Remove(string key)
    {
        lock (_gate) return _items.Remove(key, out var previous) ? previous : null;
    }
}
