namespace Reservoir.Runner;

/// <summary>
/// One run: search <see cref="Input"/> with <see cref="Algorithm"/> and publish under
/// <c>&lt;Output&gt;/&lt;observation&gt;/&lt;algorithm&gt;/</c>. Mirrors <c>reservoir run</c>'s options.
/// </summary>
public sealed record RunRequest
{
    /// <summary>Registry name of the algorithm, e.g. <c>energy-detection</c>.</summary>
    public required string Algorithm { get; init; }

    /// <summary>Observation file: a path, <c>file://</c> URI or (later) <c>gs://</c> URI.</summary>
    public required string Input { get; init; }

    /// <summary>Result prefix: a folder path, <c>file://</c> URI or (later) <c>gs://bucket/prefix</c>.</summary>
    public required string Output { get; init; }

    /// <summary>Parameter overrides by name (text as on the command line); the rest take their defaults.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Observation ID; null derives it from the input file name.</summary>
    public string? Observation { get; init; }

    /// <summary>Plugins folder; null uses env <c>RESERVOIR_PLUGINS</c>, else <c>&lt;app&gt;/plugins</c>.</summary>
    public string? PluginsDirectory { get; init; }

    /// <summary>Where the one-line outcome goes; null uses env <c>RESERVOIR_TERMINATION_MESSAGE_PATH</c>, else /dev/termination-log if writable.</summary>
    public string? TerminationMessagePath { get; init; }

    /// <summary>Image recorded in the manifest; null uses env <c>RESERVOIR_IMAGE</c>, else "local".</summary>
    public string? Image { get; init; }

    /// <summary>Parent of the run's private scratch folder; null uses the system temp folder.</summary>
    public string? ScratchRoot { get; init; }
}

/// <summary>How a run ended: the exit code the process should return and the one-line message.</summary>
public sealed record RunOutcome(int ExitCode, string Message, long Hits, string? ManifestUri)
{
    public bool Succeeded => ExitCode == Running.ExitCodes.Succeeded;
}
