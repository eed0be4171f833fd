namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// One shared instance per distinct string, for the values that repeat across thousands of cached objects
/// (namespace, apiVersion, kind, label and annotation keys, algorithm names, images, phases). Every deserialized
/// object brings its own copies; handing back the pooled one lets those copies be collected. The pool holds at
/// most <c>capacity</c> strings; once full, new values are returned as they are (still correct, just not shared),
/// so values that never repeat cannot grow it without bound. Thread-safe.
/// </summary>
internal sealed class StringPool
{
    /// <summary>The default capacity: far more distinct repeated values than one namespace of Searches has.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public StringPool(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    public int Count { get { lock (_strings) return _strings.Count; } }

    /// <returns>The pooled instance equal to <paramref name="value"/> (null for null).</returns>
    public string? Share(string? value)
    {
        if (value is null) return null;
        lock (_strings)
        {
            if (_strings.TryGetValue(value, out var shared)) return shared;
            if (_strings.Count < _capacity) _strings.Add(value, value);
            return value;
        }
    }
}
