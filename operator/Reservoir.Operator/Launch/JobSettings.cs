namespace Reservoir.Operator.Launch;

/// <summary>Cluster-wide settings of every runner Job (the per-algorithm ones come from the registry).</summary>
public sealed record JobSettings
{
    /// <summary>Service account of the runner pods (e.g. one bound to a GCP service account by Workload
    /// Identity for bucket access); null for the namespace's default. The default value is null.</summary>
    public string? ServiceAccountName { get; init; }

    /// <summary>Seconds a finished Job (and its pod) is kept before Kubernetes deletes it. The default value is 3600.</summary>
    public int TtlSecondsAfterFinished { get; init; } = 3600;

    /// <summary>Size limit of the <c>/scratch</c> emptyDir (also <c>TMPDIR</c>); a Kubernetes quantity. The default value is <c>10Gi</c>.</summary>
    public string ScratchSizeLimit { get; init; } = "10Gi";

    /// <summary>Where the runner writes its one-line outcome; the reconciler reads it back. The default value is <c>/dev/termination-log</c>.</summary>
    public string TerminationMessagePath { get; init; } = "/dev/termination-log";

    /// <summary>User and group the runner runs as (non-root). The default value is 10001.</summary>
    public long RunAsUser { get; init; } = 10001;

    /// <summary>Container imagePullPolicy. The default value is <c>IfNotPresent</c> (tags are immutable; roll by changing the tag).</summary>
    public string ImagePullPolicy { get; init; } = "IfNotPresent";

    /// <summary>Extra environment of the runner, e.g. <c>RESERVOIR_*</c> settings. The default value is none.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnv { get; init; } = new Dictionary<string, string>();

    /// <summary>A Secret whose keys all become runner environment variables (credentials); null for none. The default value is null.</summary>
    public string? EnvSecretName { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when a setting cannot work.</summary>
    public void Validate()
    {
        if (TtlSecondsAfterFinished < 0)
            throw new ArgumentException($"ttlSecondsAfterFinished must be ≥ 0, not {TtlSecondsAfterFinished}", nameof(TtlSecondsAfterFinished));
        if (!Registry.RegistryValues.IsQuantity(ScratchSizeLimit))
            throw new ArgumentException($"scratch size '{ScratchSizeLimit}' is not a Kubernetes quantity", nameof(ScratchSizeLimit));
        if (!TerminationMessagePath.StartsWith('/'))
            throw new ArgumentException($"termination message path '{TerminationMessagePath}' must be absolute", nameof(TerminationMessagePath));
        if (RunAsUser <= 0)
            throw new ArgumentException($"runAsUser must be a non-root user ID, not {RunAsUser}", nameof(RunAsUser));
        if (ImagePullPolicy is not ("Always" or "IfNotPresent" or "Never"))
            throw new ArgumentException($"imagePullPolicy '{ImagePullPolicy}' must be Always, IfNotPresent or Never", nameof(ImagePullPolicy));
        foreach (var name in ExtraEnv.Keys)
            if (name.Length == 0 || name.Contains('=') || name.Any(char.IsWhiteSpace))
                throw new ArgumentException($"extra env name '{name}' is not valid", nameof(ExtraEnv));
    }
}
