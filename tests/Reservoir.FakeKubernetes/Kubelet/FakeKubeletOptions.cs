namespace Reservoir.FakeKubernetes.Kubelet;

/// <summary>How the fake kubelet turns a Job's pod into a local process.</summary>
public sealed record FakeKubeletOptions
{
    /// <summary>The namespace whose Jobs it runs.</summary>
    public required string Namespace { get; init; }

    /// <summary>
    /// Image → the command standing for the image's entrypoint (e.g. <c>["dotnet", "/path/reservoir.dll"]</c>);
    /// the container's args are appended. A container that sets <c>command</c> overrides the entrypoint, as in a
    /// real pod, but its image must still be listed. An image with no entry leaves the pod Pending with the
    /// container waiting for reason ErrImagePull, as a real kubelet does for an image it cannot pull.
    /// </summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> ImageCommands { get; init; }

    /// <summary>
    /// Variables set for every container (e.g. <c>STORAGE_EMULATOR_HOST</c>), applied after the container's own env
    /// so they win, standing for what the cluster injects. The process also inherits this process's environment.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The processes' working directory. The default (null) is a fresh per-pod folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <value>Pods running at once; later ones stay Pending until a slot frees. The default value is 4.</value>
    public int MaxParallelPods { get; init; } = 4;

    /// <value>Wait before replacing a failed pod (the real Job controller backs off 10 s, 20 s, …). The default value is 200 ms.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <value>
    /// Whether a finished Job with ttlSecondsAfterFinished is deleted (foreground) when it expires, as the TTL
    /// controller does. The default value is true.
    /// </value>
    public bool DeleteFinishedJobsAfterTtl { get; init; } = true;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Namespace)) throw new ArgumentException("FakeKubeletOptions.Namespace is required.");
        if (ImageCommands is null) throw new ArgumentException("FakeKubeletOptions.ImageCommands is required.");
        if (MaxParallelPods < 1) throw new ArgumentOutOfRangeException(nameof(MaxParallelPods), MaxParallelPods, "FakeKubeletOptions.MaxParallelPods must be at least 1.");
        if (RetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "FakeKubeletOptions.RetryDelay must not be negative.");
    }
}
