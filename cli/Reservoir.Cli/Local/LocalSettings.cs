namespace Reservoir.Cli.Local;

/// <summary>Everything <c>reservoir local</c> was asked to do, after parsing.</summary>
internal sealed record LocalSettings
{
    /// <summary>Observation files or folders; empty means "generate the demo observations and search those".</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    public required string Output { get; init; }

    public required string Spool { get; init; }

    /// <summary>Where demo observations are generated when <see cref="Inputs"/> is empty.</summary>
    public required string DemoFolder { get; init; }

    public required int DemoCount { get; init; }

    public required IReadOnlyList<string> Algorithms { get; init; }

    /// <summary>Parameter overrides given to every algorithm.</summary>
    public required IReadOnlyDictionary<string, string> Params { get; init; }

    public required int Parallel { get; init; }

    public required int MaxAttempts { get; init; }

    public required bool Force { get; init; }

    /// <summary>Plain progress lines instead of live bars (also chosen when stdout is not a terminal).</summary>
    public required bool Plain { get; init; }
}
