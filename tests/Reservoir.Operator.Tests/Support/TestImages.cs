using Reservoir.TestSupport.Processes;

namespace Reservoir.Operator.Tests.Support;

/// <summary>
/// The container images the fake kubelet knows. The runner image is the real <c>reservoir</c> program; the others are
/// shell scripts standing in for it, given the runner's arguments (JobFactory: <c>run --algorithm A --input I --output O
/// --observation X …</c>, so $3 algorithm, $5 input, $7 output, $9 observation). Each script appends the observation to
/// <c>$7/runs.log</c>, so a test can count how often each observation actually ran.
/// </summary>
internal static class TestImages
{
    /// <summary>The real runner (<c>dotnet reservoir.dll</c>).</summary>
    public const string Runner = "reservoir-algorithms:e2e";

    /// <summary>Writes a manifest with 3 hits into a local output folder.</summary>
    public const string Fast = "test/fast:1";

    /// <summary>Writes a one-line reason and exits 2 (bad input: terminal).</summary>
    public const string BadInput = "test/bad-input:1";

    /// <summary>Writes a one-line reason and exits 1 (retryable).</summary>
    public const string Flaky = "test/flaky:1";

    public const int FastHits = 3;
    public const string BadInputReason = "input truncated at byte 512";
    public const string FlakyReason = "bucket unreachable";

    private const string LogRun = """mkdir -p "$7" && echo "$9" >> "$7/runs.log"; """;

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Commands() => new Dictionary<string, IReadOnlyList<string>>
    {
        [Runner] = [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", ReservoirProgram.Dll],
        [Fast] = Sh(LogRun + """mkdir -p "$7/$9/$3" && printf '{"observation":"%s","algorithm":"%s","hits":3}' "$9" "$3" > "$7/$9/$3/manifest.json" """),
        [BadInput] = Sh(LogRun + $"""echo "{BadInputReason}" > "$RESERVOIR_TERMINATION_MESSAGE_PATH"; exit 2"""),
        [Flaky] = Sh(LogRun + $"""echo "{FlakyReason}" > "$RESERVOIR_TERMINATION_MESSAGE_PATH"; exit 1"""),
    };

    private static IReadOnlyList<string> Sh(string script) => ["/bin/sh", "-c", script, "sh"];
}
