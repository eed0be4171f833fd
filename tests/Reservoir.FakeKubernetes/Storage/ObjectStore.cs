using System.Text.Json.Nodes;
using Reservoir.FakeKubernetes.Api;

namespace Reservoir.FakeKubernetes.Storage;

/// <summary>
/// The fake's etcd: objects by type, namespace and name, one global resourceVersion counter, and the event
/// history watches replay from. Every change happens under one lock, so a write's resourceVersion order is its
/// history order and a watch registered under the lock misses nothing and sees nothing twice.
/// </summary>
internal sealed class ObjectStore
{
    /// <summary>
    /// History beyond this many events is dropped (oldest first), as the real watch cache does (it keeps far
    /// fewer); a watch from before the oldest kept event gets 410 Gone. Bounds the fake's memory in long runs.
    /// </summary>
    public const int HistoryLimit = 50_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceType, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly LinkedList<StoredEvent> _history = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _resourceVersion = 1;
    private long _compactedThrough;

    public long ResourceVersion { get { lock (_gate) return _resourceVersion; } }

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate) return Table(type).GetValueOrDefault(Key(ns, name))?.DeepClone().AsObject();
    }

    /// <summary>A snapshot of the objects of one type (one namespace or all), ordered by namespace then name, and the resourceVersion it reflects.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns)
    {
        lock (_gate)
        {
            var items = Table(type).Values
                .Where(o => ns is null || Namespace(o) == ns)
                .Select(o => o.DeepClone().AsObject())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>
    /// One page of the objects of a type that pass <paramref name="filter"/>, after key <paramref name="afterKey"/>
    /// (namespace/name order), at most <paramref name="limit"/>; with how many more match and the current
    /// resourceVersion. Only the returned objects are copied, so paging through many objects stays cheap.
    /// </summary>
    public (List<JsonObject> Items, int Remaining, long ResourceVersion) Page(
        ResourceType type, string? ns, Func<JsonObject, bool> filter, string? afterKey, int limit)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            var remaining = 0;
            foreach (var (key, obj) in Table(type))
            {
                if (afterKey is not null && string.CompareOrdinal(key, afterKey) <= 0) continue;
                if ((ns is not null && Namespace(obj) != ns) || !filter(obj)) continue;
                if (items.Count < limit) items.Add(obj.DeepClone().AsObject());
                else remaining++;
            }
            return (items, remaining, _resourceVersion);
        }
    }

    /// <summary>
    /// Atomically reads the current object (null when absent), lets <paramref name="change"/> compute the next
    /// one (it may throw <see cref="ApiError"/>), stamps a new resourceVersion and records ADDED or MODIFIED.
    /// Returns a copy of what was stored.
    /// </summary>
    public JsonObject Write(ResourceType type, string? ns, string name, Func<JsonObject?, JsonObject> change)
    {
        lock (_gate)
        {
            var table = Table(type);
            var key = Key(ns, name);
            var current = table.GetValueOrDefault(key);
            var next = change(current?.DeepClone().AsObject());
            next["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString();
            Materialize(next);
            table[key] = next;
            Record(new StoredEvent(_resourceVersion, current is null ? "ADDED" : "MODIFIED", type, next, current));
            return next.DeepClone().AsObject();
        }
    }

    /// <summary>Removes an object, recording DELETED with a new resourceVersion; null when it was not there.</summary>
    public JsonObject? Delete(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            var table = Table(type);
            if (!table.Remove(Key(ns, name), out var current)) return null;
            var last = current.DeepClone().AsObject();
            last["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString();
            Record(new StoredEvent(_resourceVersion, "DELETED", type, last, current));
            return last.DeepClone().AsObject();
        }
    }

    /// <summary>Every object (of any type) whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    public List<(ResourceType Type, JsonObject Object)> Dependents(string ownerUid)
    {
        lock (_gate)
        {
            return _objects
                .SelectMany(t => t.Value.Values.Select(o => (t.Key, o)))
                .Where(x => x.o["metadata"]?["ownerReferences"] is JsonArray refs
                    && refs.Any(r => r?["uid"]?.GetValue<string>() == ownerUid))
                .Select(x => (x.Key, x.o.DeepClone().AsObject()))
                .ToList();
        }
    }

    /// <summary>
    /// Registers a watch. With <paramref name="fromResourceVersion"/> it replays every later event; without, it
    /// replays the current objects as ADDED (the real server's "start at most recent"). Throws 410 Gone when the
    /// requested version is older than the retained history.
    /// </summary>
    public (WatchSubscription Subscription, List<StoredEvent> Replay) Subscribe(ResourceType type, string? ns, long? fromResourceVersion)
    {
        lock (_gate)
        {
            var subscription = new WatchSubscription(type, ns);
            List<StoredEvent> replay;
            if (fromResourceVersion is { } from and > 0)
            {
                if (from < _compactedThrough)
                    throw ApiError.Gone($"too old resource version: {from} ({_compactedThrough + 1})");
                replay = _history.Where(e => e.ResourceVersion > from && e.Resource == type
                    && (ns is null || Namespace(e.Object) == ns)).ToList();
            }
            else
            {
                replay = Table(type).Values.Where(o => ns is null || Namespace(o) == ns)
                    .Select(o => new StoredEvent(long.Parse(o["metadata"]!["resourceVersion"]!.GetValue<string>()), "ADDED", type, o, null))
                    .ToList();
            }
            _subscriptions.Add(subscription);
            return (subscription, replay);
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate) _subscriptions.Remove(subscription);
    }

    /// <summary>Forgets all history: a watch from any resourceVersion before now gets 410 Gone.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    private void Record(StoredEvent e)
    {
        _history.AddLast(e);
        while (_history.Count > HistoryLimit)
        {
            _compactedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }
        foreach (var subscription in _subscriptions) subscription.Offer(e);
    }

    /// <summary>
    /// Parsed JSON objects build their dictionaries lazily on first read; doing it here, under the lock, makes
    /// the stored (never again mutated) objects safe for the concurrent reads of watches and lists.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o: foreach (var (_, child) in o) Materialize(child); break;
            case JsonArray a: foreach (var child in a) Materialize(child); break;
        }
    }

    private SortedDictionary<string, JsonObject> Table(ResourceType type)
    {
        if (!_objects.TryGetValue(type, out var table)) _objects[type] = table = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        return table;
    }

    internal static string Key(string? ns, string name) => $"{ns}/{name}";

    internal static string? Namespace(JsonObject o) => o["metadata"]?["namespace"]?.GetValue<string>();
}
