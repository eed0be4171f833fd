namespace Reservoir.Operator.Registry;

/// <summary>
/// The registry file cannot be used. <see cref="Problems"/> holds one line per bad field, each naming the
/// source, the algorithm and the field (e.g. <c>algorithms.yaml: energy-detection.memory: '2GB' is not a
/// Kubernetes quantity</c>).
/// </summary>
public sealed class AlgorithmRegistryException : Exception
{
    public AlgorithmRegistryException(IReadOnlyList<string> problems)
        : base(problems.Count == 1 ? problems[0] : $"{problems.Count} problems in the algorithm registry:\n  " + string.Join("\n  ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
