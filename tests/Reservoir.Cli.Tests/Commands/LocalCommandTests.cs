using System.Diagnostics;
using Reservoir.Synthetic;
using Reservoir.Synthetic.Files;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Cli.Tests.Commands;

/// <summary>
/// <c>reservoir local</c> end to end: the real program, real runner child processes, the energy-detection
/// plugin, generated observations, and a spool and results folder on disk.
/// </summary>
public sealed class LocalCommandTests : IDisposable
{
    private const string Algorithm = "energy-detection";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private readonly TempDirectory _dir = new("local-test");

    public void Dispose() => _dir.Dispose();

    private string Observations => _dir.File("observations");
    private string Results => _dir.File("results");
    private string Spool => _dir.File("spool");

    /// <summary>Small BL HDF5 observations (4 coarse channels of <paramref name="width"/>, 16 integrations, 2 tones each).</summary>
    private List<string> Generate(int count, int width)
    {
        Directory.CreateDirectory(Observations);
        var ids = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var id = $"obs-{i:00}";
            var spec = SyntheticObservationSpec.Demo((ulong)(100 + i), new DemoOptions { CoarseChannels = 4, FineChannelsPerCoarse = width, Integrations = 16, Tones = 2 });
            SyntheticFileWriter.Write(spec, Path.Combine(Observations, id + ".h5"), SyntheticFileFormat.BlHdf5);
            ids.Add(id);
        }
        return ids;
    }

    private string[] LocalArgs(params string[] extra) =>
        ["local", Observations, "--output", Results, "--spool", Spool, "--plain", .. extra];

    private string ResultFolder(string id) => Path.Combine(Results, id, Algorithm);

    private void AssertSpoolEmpty()
    {
        foreach (var sub in new[] { "pending", "leased", "tmp", "failed" })
            Assert.Empty(Directory.GetFiles(Path.Combine(Spool, sub)));
        var scratch = Path.Combine(Spool, "work", "scratch");
        if (Directory.Exists(scratch)) Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    }

    private void AssertNoStrayFiles(IEnumerable<string> ids)
    {
        var expected = ids.Select(ResultFolder).ToHashSet();
        foreach (var file in Directory.EnumerateFiles(Results, "*", SearchOption.AllDirectories))
            Assert.Contains(Path.GetDirectoryName(file)!, expected);
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.partial", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Local_FewObservations_ResultForEach_ThenRerunSkipsAll()
    {
        var ids = Generate(3, 4096);

        var (code, output) = await ReservoirProgram.RunAsync(_dir.Path, Patience, LocalArgs("--parallel", "2"));

        Assert.True(code == 0, output);
        foreach (var id in ids) ResultSet.AssertComplete(ResultFolder(id), id, Algorithm);
        AssertPrinted("searches 3 done, 0 skipped", output);
        AssertSpoolEmpty();
        AssertNoStrayFiles(ids);

        var before = ResultSet.Snapshot(Results, "*");
        var (again, rerun) = await ReservoirProgram.RunAsync(_dir.Path, Patience, LocalArgs());
        Assert.True(again == 0, rerun);
        AssertPrinted("searches 0 done, 3 skipped", rerun);
        Assert.DoesNotContain("start ", rerun);
        AssertUnchanged(before, ResultSet.Snapshot(Results, "*"));
        AssertSpoolEmpty();
    }

    /// <summary>README command 1: no arguments, everything under ./reservoir-demo, every injected tone found.</summary>
    [Fact]
    public async Task Local_NoArguments_GeneratesDemoAndFindsEveryInjectedTone()
    {
        var (code, output) = await ReservoirProgram.RunAsync(_dir.Path, Patience, "local", "--demo-count", "2", "--plain");

        Assert.True(code == 0, output);
        var demo = _dir.File("reservoir-demo");
        AssertPrinted("searches 2 done, 0 skipped (already complete), 0 failed", output);
        AssertPrinted($"Results: {Path.Combine(demo, "results")}", output);
        foreach (var id in new[] { "demo-0001", "demo-0002" })
        {
            var folder = Path.Combine(demo, "results", id, Algorithm);
            var hits = ResultSet.AssertComplete(folder, id, Algorithm);
            using var truth = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(demo, "observations", id + ".truth.json")));
            var found = File.ReadLines(Path.Combine(folder, "info_df.csv")).Skip(1).Select(l => long.Parse(l.Split(',')[0])).ToHashSet();
            Assert.Equal(hits, found.Count);
            foreach (var tone in truth.RootElement.GetProperty("tones").EnumerateArray())
                foreach (var start in tone.GetProperty("window_starts").EnumerateArray())
                    Assert.True(found.Contains(start.GetInt64()), $"{id}: tone {tone.GetProperty("tone")} window {start} not among the hits");
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(demo, "spool", "pending")));
    }

    [Fact]
    public async Task Local_Force_SearchesAgain()
    {
        var ids = Generate(1, 4096);
        var (code, output) = await ReservoirProgram.RunAsync(_dir.Path, Patience, LocalArgs());
        Assert.True(code == 0, output);
        var first = File.ReadAllText(Path.Combine(ResultFolder(ids[0]), "manifest.json"));

        var (again, rerun) = await ReservoirProgram.RunAsync(_dir.Path, Patience, LocalArgs("--force"));

        Assert.True(again == 0, rerun);
        AssertPrinted("searches 1 done, 0 skipped", rerun);
        ResultSet.AssertComplete(ResultFolder(ids[0]), ids[0], Algorithm);
        Assert.NotEqual(first, File.ReadAllText(Path.Combine(ResultFolder(ids[0]), "manifest.json"))); // new start/end times
    }

    [Fact]
    public async Task Local_CorruptObservation_FailsTerminallyOthersSucceed()
    {
        var ids = Generate(2, 4096);
        var good = File.ReadAllBytes(Path.Combine(Observations, ids[0] + ".h5"));
        File.WriteAllBytes(Path.Combine(Observations, "broken.h5"), good[..(good.Length / 3)]);

        var (code, output) = await ReservoirProgram.RunAsync(_dir.Path, Patience, LocalArgs());

        Assert.True(code == 1, output);
        AssertPrinted("searches 2 done, 0 skipped (already complete), 1 failed", output);
        AssertPrinted("FAILED  broken energy-detection (terminal): ", output);
        Assert.DoesNotContain("retry", output);
        foreach (var id in ids) ResultSet.AssertComplete(ResultFolder(id), id, Algorithm);
        Assert.False(File.Exists(Path.Combine(ResultFolder("broken"), "manifest.json")));
        Assert.Single(Directory.GetFiles(Path.Combine(Spool, "failed")));
    }

    [Fact]
    public async Task Local_BadUsage_ExitsTwoWithReason()
    {
        var (code, output) = await ReservoirProgram.RunAsync(_dir.Path, Patience, "local", _dir.File("nowhere"), "--output", Results, "--spool", Spool);
        Assert.Equal(2, code);
        Assert.Contains("no such observation file or folder", output);

        var (badParam, paramOutput) = await ReservoirProgram.RunAsync(_dir.Path, Patience, "local", "--param", "novalue");
        Assert.NotEqual(0, badParam);
        Assert.Contains("--param 'novalue' must be key=value", paramOutput);
    }

    /// <summary>
    /// THE KILL TEST: SIGKILL the whole process tree mid-run, run again, and every observation ends with exactly
    /// one complete, verifiable result set; nothing finished before the kill is rewritten; nothing is left over.
    /// </summary>
    [Fact]
    public async Task Local_KilledMidRun_RerunCompletesEverythingExactlyOnce()
    {
        var ids = Generate(8, 65536);

        Dictionary<string, (byte[] Bytes, DateTime Modified)> finishedBeforeKill;
        using (var first = ReservoirProgram.Start(_dir.Path, LocalArgs("--parallel", "2")))
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var done = ResultSet.Snapshot(Results, "manifest.json").Count;
                if (done >= 1) break;
                Assert.False(first.Process.HasExited, $"first run ended before any result appeared:\n{first.Output}");
                Assert.True(deadline.Elapsed < Patience, $"no result within {Patience}:\n{first.Output}");
                await Task.Delay(25, TestContext.Current.CancellationToken);
            }
            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
            finishedBeforeKill = ResultSet.Snapshot(Results, "manifest.json");
            Assert.True(finishedBeforeKill.Count < ids.Count, $"all {ids.Count} finished before the kill: make the observations bigger\n{first.Output}");
        }
        var unfinished = Directory.GetFiles(Path.Combine(Spool, "pending")).Length + Directory.GetFiles(Path.Combine(Spool, "leased")).Length;
        Assert.True(unfinished > 0, "the kill left no unfinished searches in the spool");

        var (code, output) = await ReservoirProgram.RunAsync(_dir.Path, Patience, LocalArgs("--parallel", "2"));

        Assert.True(code == 0, output);
        foreach (var id in ids) ResultSet.AssertComplete(ResultFolder(id), id, Algorithm);
        Assert.Equal(ids.Count, ResultSet.Snapshot(Results, "manifest.json").Count);
        AssertUnchanged(finishedBeforeKill, ResultSet.Snapshot(Results, "manifest.json"));
        AssertPrinted($"searches {ids.Count - finishedBeforeKill.Count} done, {finishedBeforeKill.Count} skipped (already complete), 0 failed", output);
        AssertSpoolEmpty();
        AssertNoStrayFiles(ids);
    }

    [Fact]
    public async Task Local_Interrupted_StopsGracefullyAndRequeuesWithoutUsingAnAttempt()
    {
        var ids = Generate(3, 65536);
        using (var first = ReservoirProgram.Start(_dir.Path, LocalArgs("--parallel", "1")))
        {
            var deadline = Stopwatch.StartNew();
            while (!first.Output.Contains("start ", StringComparison.Ordinal))
            {
                Assert.True(deadline.Elapsed < Patience && !first.Process.HasExited, first.Output);
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
            using (var kill = Process.Start("kill", ["-INT", first.Process.Id.ToString()])) await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            await first.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(first.Process.ExitCode == 130, first.Output);
            AssertPrinted("Stopped:", first.Output);
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(Spool, "leased")));
        Assert.All(Directory.GetFiles(Path.Combine(Spool, "pending")), f => Assert.EndsWith("~0.json", f));

        var (code, output) = await ReservoirProgram.RunAsync(_dir.Path, Patience, LocalArgs());
        Assert.True(code == 0, output);
        Assert.DoesNotContain("attempt 2", output);
        foreach (var id in ids) ResultSet.AssertComplete(ResultFolder(id), id, Algorithm);
        AssertSpoolEmpty();
    }

    private static void AssertPrinted(string expected, string output) =>
        Assert.True(output.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in:\n{output}");

    private static void AssertUnchanged(
        Dictionary<string, (byte[] Bytes, DateTime Modified)> before,
        Dictionary<string, (byte[] Bytes, DateTime Modified)> after)
    {
        foreach (var (path, old) in before)
        {
            Assert.True(after.TryGetValue(path, out var now), $"{path} disappeared");
            Assert.Equal(old.Modified, now.Modified);
            Assert.Equal(old.Bytes, now.Bytes);
        }
    }
}
