using System.Globalization;
using System.Text.Json;
using Reservoir.Runner.Manifest;
using Reservoir.Runner.Running;
using Reservoir.Runner.Tests.Support;
using Reservoir.Storage.Locations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Runner.Tests;

public sealed class RunnerHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RunRequest Request(TempDirectory dir, string algorithm, string input, params (string, string)[] parameters) => new()
    {
        Algorithm = algorithm,
        Input = input,
        Output = dir.File("results"),
        Parameters = parameters.ToDictionary(p => p.Item1, p => p.Item2),
        PluginsDirectory = TestPaths.TestPlugins,
        TerminationMessagePath = dir.File("termination-log"),
    };

    [Fact]
    public async Task RunAsync_StampsPlugin_NumpyAndPandasReadWhatThePluginWrote()
    {
        Python.RequireModules("numpy", "pandas");
        using var dir = new TempDirectory();
        var observation = new TestObservation(16, 64);
        var input = observation.WriteFil(dir.File("J1234+56_test.fil"));

        var outcome = await RunnerHost.RunAsync(Request(dir, "test-stamps", input, ("count", "5"), ("scale", "2.5")), cancellationToken: Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(5, outcome.Hits);
        var folder = Path.Combine(dir.File("results"), "J1234+56_test", "test-stamps");
        Assert.Equal(outcome.Message, File.ReadAllText(dir.File("termination-log")).Trim());
        var json = Python.RunScript("""
            import sys, json, numpy as np, pandas as pd
            folder = sys.argv[1]
            a = np.load(folder + '/filtered.npy')
            df = pd.read_csv(folder + '/info_df.csv', float_precision='round_trip')
            print(json.dumps({
                'shape': list(a.shape), 'dtype': str(a.dtype), 'stamps': a.astype(float).tolist(),
                'columns': list(df.columns), 'dtypes': [str(t) for t in df.dtypes],
                'rows': [[int(c), repr(float(m)), repr(float(t)), str(l), bool(e)] for c, m, t, l, e in df.itertuples(index=False)],
            }))
            """, folder);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal([5, 16, 2], root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("float32", root.GetProperty("dtype").GetString());
        Assert.Equal(["channel", "mean", "third", "label", "even"], root.GetProperty("columns").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["int64", "float64", "float64", "object", "bool"], root.GetProperty("dtypes").EnumerateArray().Select(e => e.GetString()));
        var stamps = root.GetProperty("stamps").EnumerateArray().ToArray();
        var rows = root.GetProperty("rows").EnumerateArray().ToArray();
        for (var i = 0; i < 5; i++)
        {
            var channel = 7 * i % 63;
            var expected = new float[32];
            for (var t = 0; t < 16; t++)
                for (var k = 0; k < 2; k++) expected[t * 2 + k] = (float)(observation.At(t, channel + k) * 2.5);
            var actual = stamps[i].EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => (float)v.GetDouble()).ToArray();
            Assert.Equal(expected, actual);

            var row = rows[i].EnumerateArray().ToArray();
            Assert.Equal(channel, row[0].GetInt64());
            Assert.Equal(expected.Average(v => (double)v), double.Parse(row[1].GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal(i / 3.0, double.Parse(row[2].GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal("hit, \"quoted\"", row[3].GetString());
            Assert.Equal(i % 2 == 0, row[4].GetBoolean());
        }
    }

    [Fact]
    public async Task RunAsync_Success_ManifestDescribesRunAndFilesAndHeaderJsonHasEveryKeyInOrder()
    {
        Python.RequireModules("numpy");
        using var dir = new TempDirectory();
        var observation = new TestObservation(8, 32);
        var input = observation.WriteFil(dir.File("obs1.fil"));

        var outcome = await RunnerHost.RunAsync(Request(dir, "test-stamps", input, ("count", "2")) with { Observation = "custom.id_1", Image = "registry/reservoir:abc" }, cancellationToken: Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        var folder = Path.Combine(dir.File("results"), "custom.id_1", "test-stamps");
        var manifest = RunManifest.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        Assert.Equal(("custom.id_1", "test-stamps", "0.1.0-test", "registry/reservoir:abc"), (manifest.Observation, manifest.Algorithm, manifest.Version, manifest.Image));
        Assert.Equal(new Uri(input).AbsoluteUri, manifest.Input);
        Assert.Equal(new FileInfo(input).Length, manifest.InputBytes);
        Assert.Equal(["count=2 (Int64)", "scale=1.5 (Double)", "label=hit, \"quoted\" (String)"], manifest.Params.Select(p => $"{p.Key}={p.Value} ({p.Value?.GetType().Name})"));
        Assert.Equal(2, manifest.Hits);
        Assert.Equal(["channels=32 (Int64)", "scale=1.5 (Double)"], manifest.Summary.Select(p => $"{p.Key}={p.Value} ({p.Value.GetType().Name})"));
        Assert.True(manifest.StartedAt <= manifest.FinishedAt);
        Assert.True(DateTimeOffset.UtcNow - manifest.FinishedAt < TimeSpan.FromMinutes(5));
        Assert.Equal(["filtered.npy", "info_df.csv", "header.json"], manifest.Files.Select(f => f.Name));

        // Sizes and hashes checked independently by Python's hashlib.
        var check = Python.RunScript("""
            import sys, json, hashlib, os
            folder = sys.argv[1]
            m = json.load(open(folder + '/manifest.json'))
            for name, f in m['files'].items():
                data = open(os.path.join(folder, name), 'rb').read()
                assert f['bytes'] == len(data), name
                assert f['sha256'] == hashlib.sha256(data).hexdigest(), name
            h = json.load(open(folder + '/header.json'))
            print(json.dumps(list(h.items())))
            """, folder);
        var header = JsonDocument.Parse(check).RootElement.EnumerateArray().Select(e => e[0].GetString()).ToArray();
        Assert.Equal(observation.Header.Entries.Select(e => e.Key).Where(header.Contains), header);
        Assert.Contains("source_name", header);
        Assert.Contains("fch1", header);
        using var headerJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "header.json")));
        Assert.Equal(1500.25, headerJson.RootElement.GetProperty("fch1").GetDouble());
        Assert.Equal("TEST_SRC", headerJson.RootElement.GetProperty("source_name").GetString());
    }

    [Fact]
    public async Task RunAsync_Success_DeletesOldManifestFirstAndWritesManifestLast()
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));
        var log = new List<string>();
        var stores = new ObjectStoreResolver().Register("file", root => new RecordingStore(root, log));

        var outcome = await RunnerHost.RunAsync(Request(dir, "test-stamps", input), null, stores, TimeProvider.System, Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(["delete o/test-stamps/manifest.json", "write o/test-stamps/filtered.npy", "write o/test-stamps/info_df.csv",
            "write o/test-stamps/header.json", "write o/test-stamps/manifest.json"], log);
    }

    [Fact]
    public async Task RunAsync_UploadFailsOverOldResult_OldManifestGoneAndExit1()
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));
        Assert.True((await RunnerHost.RunAsync(Request(dir, "test-stamps", input), cancellationToken: Ct)).Succeeded);
        var manifest = Path.Combine(dir.File("results"), "o", "test-stamps", "manifest.json");
        Assert.True(File.Exists(manifest));

        var stores = new ObjectStoreResolver().Register("file", root => new RecordingStore(root, [], failWritesEndingWith: "info_df.csv"));
        var outcome = await RunnerHost.RunAsync(Request(dir, "test-stamps", input), null, stores, TimeProvider.System, Ct);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("simulated upload failure", outcome.Message);
        Assert.False(File.Exists(manifest));
    }

    [Fact]
    public async Task RunAsync_PluginThrows_Exit1WithReasonAndNoResultFiles()
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));

        var outcome = await RunnerHost.RunAsync(Request(dir, "test-throws", input), cancellationToken: Ct);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("algorithm 'test-throws' failed: InvalidOperationException: deliberate crash after 1 hit", outcome.Message);
        Assert.Equal(outcome.Message + "\n", File.ReadAllText(dir.File("termination-log")));
        Assert.False(Directory.Exists(Path.Combine(dir.File("results"), "o", "test-throws")));
    }

    public static TheoryData<string, string[], string> TerminalCases => new()
    {
        { "test-stamps", ["count=abc"], "parameter 'count': 'abc' is not a valid int" },
        { "test-stamps", ["count=5000"], "parameter 'count': 5000 is outside [0, 1000]" },
        { "test-stamps", ["colour=red"], "parameter 'colour': unknown parameter; known: count, scale, label" },
        { "nope", [], "unknown algorithm 'nope'; available in" },
        { "test-bad-input", [], "has no usable channels second line" },
    };

    [Theory]
    [MemberData(nameof(TerminalCases))]
    public async Task RunAsync_TerminalProblem_Exit2WithOneLineReason(string algorithm, string[] parameters, string expected)
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));

        var outcome = await RunnerHost.RunAsync(Request(dir, algorithm, input, [.. parameters.Select(p => (p.Split('=')[0], p.Split('=')[1]))]), cancellationToken: Ct);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(expected, outcome.Message);
        var termination = File.ReadAllText(dir.File("termination-log"));
        Assert.Equal(outcome.Message + "\n", termination);
        Assert.DoesNotContain('\n', termination.TrimEnd('\n'));
        Assert.False(Directory.Exists(dir.File("results")));
    }

    [Fact]
    public async Task RunAsync_UnknownAlgorithm_ListsAvailableOnes()
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));
        var outcome = await RunnerHost.RunAsync(Request(dir, "nope", input), cancellationToken: Ct);
        Assert.EndsWith("test-bad-input, test-hangs, test-stamps, test-throws", outcome.Message);
    }

    [Theory]
    [InlineData("missing.fil", "input not found: file://")]
    [InlineData("garbage.fil", "unrecognised observation format")]
    [InlineData("http://example.org/x.fil", "unsupported scheme")]
    public async Task RunAsync_UnusableInput_Exit2NamingIt(string input, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("garbage.fil"), "this is not a filterbank at all");
        var path = input.Contains("://") ? input : dir.File(input);

        var outcome = await RunnerHost.RunAsync(Request(dir, "test-stamps", path), cancellationToken: Ct);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(expected, outcome.Message);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task RunAsync_InvalidObservationId_Exit2(string id)
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));
        var outcome = await RunnerHost.RunAsync(Request(dir, "test-stamps", input) with { Observation = id }, cancellationToken: Ct);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"observation ID '{id}'", outcome.Message);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileSearching_Exit1AndNoManifest()
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(1));

        var outcome = await RunnerHost.RunAsync(Request(dir, "test-hangs", input), cancellationToken: cts.Token);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("cancelled", outcome.Message);
        Assert.False(File.Exists(Path.Combine(dir.File("results"), "o", "test-hangs", "manifest.json")));
    }

    [Fact]
    public async Task RunAsync_NoTerminationPathAnywhere_StillSucceeds()
    {
        using var dir = new TempDirectory();
        var input = new TestObservation(4, 16).WriteFil(dir.File("o.fil"));
        var outcome = await RunnerHost.RunAsync(Request(dir, "test-stamps", input) with { TerminationMessagePath = "/proc/forbidden/termination" }, cancellationToken: Ct);
        Assert.True(outcome.Succeeded, outcome.Message);
    }
}
