using System.Diagnostics;
using Reservoir.Runner.Tests.Support;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Runner.Tests.CommandLine;

/// <summary>`reservoir run` as a pod runs it: the built program, its exit code, its termination message.</summary>
public sealed class RunCommandProcessTests
{
    private static string[] Args(TempDirectory dir, string algorithm, string input, params string[] extra) =>
        ["run", "--plugins", TestPaths.TestPlugins, "--algorithm", algorithm, "--input", input, "--output", dir.File("out"),
         "--termination-message-path", dir.File("tm"), .. extra];

    [Fact]
    public async Task Help_DefaultPluginsFolder_ListsBundledEnergyDetectionWithParameters()
    {
        var help = await ReservoirProgram.RunAsync(["run", "--help"], new Dictionary<string, string?> { ["RESERVOIR_PLUGINS"] = null });
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--algorithm <NAME>", help.StdOut);
        Assert.Contains("  energy-detection ", help.StdOut);
        Assert.Contains("--param threshold=<double>  default 2048", help.StdOut);
    }

    [Fact]
    public async Task Help_PluginsOption_ListsThoseAlgorithmsWithDefaultsRangesAndDescriptions()
    {
        var help = await ReservoirProgram.RunAsync(["run", "--help", "--plugins", TestPaths.TestPlugins]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("test-stamps 0.1.0-test  writes deterministic stamps taken from the data (tests only)", help.StdOut);
        Assert.Contains("--param count=<int>  default 3 range [0, 1000]  hits to write", help.StdOut);
        Assert.Contains("--param label=<string>  default hit, \"quoted\"  text put in every row's label column", help.StdOut);
    }

    [Fact]
    public async Task Run_Success_Exit0ManifestAndSuccessLine()
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("ok.fil"));
        var result = await ReservoirProgram.RunAsync(Args(dir, "test-stamps", input, "--param", "count=2", "--observation", "OBS+1"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(dir.File("out"), "OBS+1", "test-stamps", "manifest.json")));
        Assert.StartsWith("succeeded: 2 hits", File.ReadAllText(dir.File("tm")));
        Assert.Contains("test-stamps: 2/2 hits (100%)", result.StdErr);
    }

    [Theory]
    [InlineData("test-stamps", "count=-1", 2, "parameter 'count': -1 is outside [0, 1000]")]
    [InlineData("test-stamps", "count", 2, "parameter 'count': expected name=value")]
    [InlineData("no-such-algorithm", null, 2, "unknown algorithm 'no-such-algorithm'")]
    [InlineData("test-throws", null, 1, "algorithm 'test-throws' failed: InvalidOperationException: deliberate crash after 1 hit")]
    [InlineData("test-bad-input", null, 2, "has no usable channels second line")]
    public async Task Run_Failure_ExitCodeAndTerminationMessage(string algorithm, string? param, int exitCode, string message)
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));
        var result = await ReservoirProgram.RunAsync(Args(dir, algorithm, input, param is null ? [] : ["--param", param]));
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var termination = File.ReadAllText(dir.File("tm"));
        Assert.Contains(message, termination);
        Assert.Single(termination.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "o", algorithm, "manifest.json")));
    }

    [Fact]
    public async Task Run_MissingInputFile_Exit2ViaEnvironmentTerminationPath()
    {
        using var dir = new TempDirectory();
        var result = await ReservoirProgram.RunAsync(
            ["run", "--plugins", TestPaths.TestPlugins, "--algorithm", "test-stamps", "--input", dir.File("absent.fil"), "--output", dir.File("out")],
            new Dictionary<string, string?> { ["RESERVOIR_TERMINATION_MESSAGE_PATH"] = dir.File("env-tm") });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"input not found: file://{dir.File("absent.fil")}", File.ReadAllText(dir.File("env-tm")));
    }

    [Fact]
    public async Task Run_MissingRequiredOptions_Exit2NamingThem()
    {
        using var dir = new TempDirectory();
        var result = await ReservoirProgram.RunAsync(["run", "--input", "x.fil", "--termination-message-path", dir.File("tm")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("missing required options --algorithm, --output; see reservoir run --help\n", File.ReadAllText(dir.File("tm")));
        Assert.Contains("missing required options --algorithm, --output", result.StdErr);
    }

    [Fact]
    public async Task Run_SigtermWhileSearching_Exit1WithoutManifest()
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        string[] args = [TestPaths.ReservoirDll, .. Args(dir, "test-hangs", input)];
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var hanging = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("hanging until cancelled") == true) hanging.TrySetResult(); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await hanging.Task.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("cancelled", File.ReadAllText(dir.File("tm")));
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "o", "test-hangs", "manifest.json")));
    }
}
