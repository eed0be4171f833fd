namespace Reservoir.Operator.Registry;

/// <summary>
/// One algorithm of the registry (the <c>algorithms.yaml</c> ConfigMap): how its Jobs are built.
/// Defaults are those of a small CPU algorithm; the registry parser validates every field.
/// </summary>
public sealed record AlgorithmEntry
{
    /// <summary>Algorithm name as requested in messages and passed to <c>reservoir run --algorithm</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Container image of the runner with this algorithm's plugin (a tag or a digest).</summary>
    public required string Image { get; init; }

    /// <summary>Extra runner arguments appended after the standard ones. The default is none.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>CPU request, a Kubernetes quantity. The default is "1".</summary>
    public string Cpu { get; init; } = "1";

    /// <summary>Memory request and limit, a Kubernetes quantity. The default is "2Gi".</summary>
    public string Memory { get; init; } = "2Gi";

    /// <summary>CPU limit; null for none. The default is null.</summary>
    public string? CpuLimit { get; init; }

    /// <summary><c>nvidia.com/gpu</c> count (request = limit); 0 for a CPU-only algorithm. The default is 0.</summary>
    public int Gpus { get; init; }

    /// <summary>Job activeDeadlineSeconds. The default is 1 hour.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Job backoffLimit: retries of retryable failures (exit 1). The default is 2.</summary>
    public int BackoffLimit { get; init; } = 2;

    /// <summary>Most Jobs of this algorithm running at once; null for no cap. The default is null.</summary>
    public int? ConcurrencyCap { get; init; }

    /// <summary>Parameters applied under each Search's own <c>params</c>.</summary>
    public IReadOnlyDictionary<string, string> DefaultParams { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<AlgorithmToleration> Tolerations { get; init; } = [];
}

/// <summary>A pod toleration (the fields of core/v1 Toleration).</summary>
public sealed record AlgorithmToleration(string? Key, string? Operator, string? Value, string? Effect, long? TolerationSeconds = null);
