namespace Reservoir.Core.Execution;

/// <summary>Settings of <see cref="LocalProcessExecutor"/>, validated when it is created.</summary>
public sealed record LocalExecutorOptions
{
    /// <summary>Program that understands <c>run --algorithm … --termination-message-path …</c>.</summary>
    public required RunnerCommand Runner { get; init; }

    /// <summary>Result root passed as <c>--output</c>; results land in <c>{OutputRoot}/{observation}/{algorithm}/</c>.</summary>
    public required string OutputRoot { get; init; }

    /// <summary>
    /// Folder for termination-message files and runner logs (<c>{search}.attempt{n}.log</c>; kept only for
    /// failed attempts, so a failure can be read afterwards).
    /// </summary>
    public required string WorkDirectory { get; init; }

    /// <summary>An attempt still running after this long is killed and counts as retryable. Null: no limit.
    /// <value>The default value is null.</value></summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Called with each line the runner writes (stdout or stderr), e.g. to show its progress. Called from
    /// pipe-reading threads: it must be thread-safe and quick. <value>The default value is null.</value>
    /// </summary>
    public Action<Requests.SearchSpec, string>? OnOutputLine { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Runner.FileName)) throw new ArgumentException("runner program is empty", nameof(Runner));
        if (string.IsNullOrWhiteSpace(OutputRoot)) throw new ArgumentException("output root is empty", nameof(OutputRoot));
        if (string.IsNullOrWhiteSpace(WorkDirectory)) throw new ArgumentException("work directory is empty", nameof(WorkDirectory));
        if (Timeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), t, "timeout must be positive");
    }
}
