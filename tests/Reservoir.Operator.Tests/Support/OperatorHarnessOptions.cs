using System.Text;

namespace Reservoir.Operator.Tests.Support;

/// <summary>An algorithm registry entry for <see cref="OperatorHarness"/>.</summary>
internal sealed record TestAlgorithm(string Name, string Image, int BackoffLimit = 2);

internal sealed record OperatorHarnessOptions
{
    public required IReadOnlyList<TestAlgorithm> Algorithms { get; init; }

    /// <summary>RESERVOIR_OUTPUT; null for a local folder the script images write to.</summary>
    public string? Output { get; init; }

    /// <summary>RESERVOIR_INPUT_ROOT, for bare observation IDs; null for none.</summary>
    public string? InputRoot { get; init; }

    /// <summary>STORAGE_EMULATOR_HOST for the operator and the runner pods; null for none.</summary>
    public string? StorageEmulatorHost { get; init; }

    public int MaxParallelPods { get; init; } = 8;

    /// <summary>The registry file (the reservoir-algorithms ConfigMap's algorithms.yaml) for <see cref="Algorithms"/>.</summary>
    public string RegistryYaml()
    {
        var yaml = new StringBuilder();
        foreach (var a in Algorithms)
            yaml.Append($"{a.Name}:\n  image: {a.Image}\n  cpu: 100m\n  memory: 256Mi\n  backoffLimit: {a.BackoffLimit}\n");
        return yaml.ToString();
    }
}
