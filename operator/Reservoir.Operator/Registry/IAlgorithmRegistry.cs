namespace Reservoir.Operator.Registry;

/// <summary>The algorithms the operator can launch. Implementations may reload (a ConfigMap edit) at any time;
/// each call sees one consistent snapshot.</summary>
public interface IAlgorithmRegistry
{
    /// <summary>The entry for <paramref name="algorithm"/>, or null when the registry has no such algorithm.</summary>
    AlgorithmEntry? Find(string algorithm);

    /// <summary>Every entry of the current snapshot.</summary>
    IReadOnlyCollection<AlgorithmEntry> All { get; }
}
