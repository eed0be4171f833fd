namespace Reservoir.Operator.Registry;

/// <summary>A fixed set of algorithms (tests, benchmarks, and each snapshot of <see cref="FileAlgorithmRegistry"/>).</summary>
public sealed class StaticAlgorithmRegistry : IAlgorithmRegistry
{
    private readonly Dictionary<string, AlgorithmEntry> _entries;

    public StaticAlgorithmRegistry(IEnumerable<AlgorithmEntry> entries)
    {
        _entries = new Dictionary<string, AlgorithmEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
            if (!_entries.TryAdd(entry.Name, entry))
                throw new ArgumentException($"algorithm '{entry.Name}' is listed twice", nameof(entries));
        All = _entries.Values.ToList();
    }

    public StaticAlgorithmRegistry(params AlgorithmEntry[] entries) : this((IEnumerable<AlgorithmEntry>)entries) { }

    /// <summary>Parses registry YAML (see <see cref="AlgorithmRegistryParser"/>).</summary>
    public static StaticAlgorithmRegistry FromYaml(string yaml, string source = "algorithms.yaml") =>
        new(AlgorithmRegistryParser.Parse(yaml, source));

    public AlgorithmEntry? Find(string algorithm) => _entries.GetValueOrDefault(algorithm);

    public IReadOnlyCollection<AlgorithmEntry> All { get; }
}
