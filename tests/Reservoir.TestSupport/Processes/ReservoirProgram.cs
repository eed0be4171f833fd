namespace Reservoir.TestSupport.Processes;

/// <summary>
/// The built <c>reservoir</c> program, started as users start it (<c>dotnet reservoir.dll …</c>): from the test's
/// own output folder when the test project references the CLI (which copies itself and its plugins there),
/// otherwise from the CLI project's output for the same build configuration.
/// </summary>
public static class ReservoirProgram
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static string Dll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "reservoir.dll");
            if (File.Exists(beside)) return beside;
            var built = Path.Combine(RepoRoot.Find(), "cli", "Reservoir.Cli", "bin", Configuration, "net10.0", "reservoir.dll");
            return File.Exists(built) ? built
                : throw new InvalidOperationException($"reservoir.dll is neither in {AppContext.BaseDirectory} nor at {built}: reference or build cli/Reservoir.Cli first");
        }
    }

    /// <summary>The running test's build configuration: the folder under <c>bin/</c>, however deep the output
    /// folder is (a project built for a runtime identifier has one more level).</summary>
    public static string Configuration
    {
        get
        {
            var folder = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            while (folder.Parent is { } parent && parent.Name != "bin") folder = parent;
            return folder.Parent is null ? throw new InvalidOperationException($"{AppContext.BaseDirectory} is not under a bin/ folder") : folder.Name;
        }
    }

    private static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>Starts the program; <paramref name="environment"/> is for this child only (null values unset a variable).</summary>
    public static ChildProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        ChildProcess.Start(Host, [Dll, .. args], workingDirectory, environment);

    /// <summary>Starts the program with this process's environment.</summary>
    public static ChildProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, null, args);

    /// <summary>Runs to the end; fails the test after <paramref name="timeout"/>.</summary>
    public static Task<ChildProcessResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args) =>
        ChildProcess.RunAsync(Host, [Dll, .. args], timeout, workingDirectory);

    /// <summary>Runs to the end with per-process environment and standard input; fails the test after <paramref name="timeout"/> (default 2 minutes).</summary>
    public static Task<ChildProcessResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null, string? stdin = null) =>
        ChildProcess.RunAsync(Host, [Dll, .. args], timeout ?? DefaultTimeout, workingDirectory, environment, stdin);
}
