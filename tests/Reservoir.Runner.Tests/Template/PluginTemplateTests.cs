using Reservoir.Runner.Tests.Support;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Runner.Tests.Template;

/// <summary>
/// The plugin story end to end: a scientist installs the template, generates a plugin, builds it, drops
/// the build output into a plugins folder, and the already-built runner — which has never seen it — runs it.
/// </summary>
public sealed class PluginTemplateTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    private static async Task Dotnet(string workingDirectory, params string[] args)
    {
        var result = await ChildProcess.RunAsync("dotnet", args, Generous, workingDirectory);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)}: {result}");
    }

    [Fact]
    public async Task GeneratedPlugin_BuiltAndDroppedIntoPluginsFolder_RunsInPrebuiltRunner()
    {
        Python.RequireModules("numpy", "pandas");
        using var work = new TempDirectory("reservoir-template");
        var repo = RepoRoot.Find();
        var hive = Path.Combine(work.Path, "hive");
        var project = Path.Combine(work.Path, "src", "TmplCheck");
        var configuration = TestPaths.Configuration;

        await Dotnet(work.Path, "new", "install", Path.Combine(repo, "algorithms", "templates", "reservoir-plugin"), "--debug:custom-hive", hive);
        await Dotnet(work.Path, "new", "reservoir-plugin", "-n", "TmplCheck", "-o", project, "--algorithm-name", "tmpl-check",
            "--sdk-path", Path.Combine(repo, "algorithms", "Reservoir.Sdk", "Reservoir.Sdk.csproj"), "--debug:custom-hive", hive);
        Assert.True(File.Exists(Path.Combine(project, "TmplCheckAlgorithm.cs")));
        // The SDK is already built with this test; do not rebuild it under other engineers' feet.
        await Dotnet(project, "build", "-c", configuration, "-p:BuildProjectReferences=false");

        var plugin = Path.Combine(work.Path, "plugins", "tmpl-check");
        Directory.CreateDirectory(plugin);
        foreach (var file in Directory.GetFiles(Path.Combine(project, "bin", configuration, "net10.0")))
            File.Copy(file, Path.Combine(plugin, Path.GetFileName(file)));
        Assert.False(File.Exists(Path.Combine(plugin, "Reservoir.Sdk.dll")), "the plugin must not carry its own SDK copy");

        var help = await ReservoirProgram.RunAsync(["run", "--help", "--plugins", Path.Combine(work.Path, "plugins")]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("tmpl-check 0.1.0", help.StdOut);
        Assert.Contains("--param block_channels=<int>  default 1024 range [1, 16777216]", help.StdOut);

        var observation = new TestObservation(8, 64);
        var input = observation.WriteFil(work.File("tmpl.fil"));
        var run = await ReservoirProgram.RunAsync(["run", "--plugins", Path.Combine(work.Path, "plugins"), "--algorithm", "tmpl-check",
            "--input", input, "--output", work.File("out"), "--param", "block_channels=16", "--termination-message-path", work.File("tm")]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("succeeded: 4 hits", File.ReadAllText(work.File("tm")));

        var check = Python.RunScript(NumpyScripts.LoadFil + """
            import sys, json, pandas as pd
            data = load_fil(sys.argv[1], 64)[:, 0, :]
            folder = sys.argv[2]
            stamps = np.load(folder + '/filtered.npy')
            df = pd.read_csv(folder + '/info_df.csv', float_precision='round_trip')
            assert stamps.shape == (4, 8) and stamps.dtype == np.float32, (stamps.shape, stamps.dtype)
            assert list(df.columns) == ['channel', 'freq_mhz', 'mean_power'], list(df.columns)
            for b in range(4):
                block = data[:, b*16:(b+1)*16].astype(np.float64)
                best = b*16 + int(np.argmax(block.mean(axis=0)))
                assert df['channel'][b] == best, (b, df['channel'][b], best)
                assert np.array_equal(stamps[b], data[:, best]), b
                assert abs(df['mean_power'][b] - data[:, best].astype(np.float64).mean()) < 1e-9
            m = json.load(open(folder + '/manifest.json'))
            print(m['algorithm'], m['version'], m['hits'], m['params']['block_channels'])
            """, input, Path.Combine(work.File("out"), "tmpl", "tmpl-check"));
        Assert.Equal("tmpl-check 0.1.0 4 16", check.Trim());
    }
}
