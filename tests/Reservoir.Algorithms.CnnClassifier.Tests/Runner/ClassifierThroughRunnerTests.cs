using System.Text.Json;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Runner;

/// <summary>
/// The pipeline demo as a user runs it: the built <c>reservoir</c> generates an observation, energy detection
/// searches it, and cnn-classifier (loaded by the runner into its own AssemblyLoadContext, libtorch from the plugin
/// folder) classifies its hits with the shipped stamp model. numpy/pandas read every artifact.
/// </summary>
public sealed class ClassifierThroughRunnerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Run_EnergyDetectionHitsOfSyntheticTones_AllClassifiedNarrowbandRowsAlignedWithTheHits()
    {
        Python.RequireModules("numpy", "pandas");
        using var dir = new TempDirectory("pipeline");
        var plugins = BuiltPrograms.PluginsFolder(dir);
        var observation = dir.File("obs-7.h5");
        await Reservoir("synth", observation, "--coarse-channels", "2", "--fine-channels", "65536", "--tones", "3", "--seed", "5", "--truth", dir.File("truth.json"));
        await Reservoir("run", "--plugins", plugins, "--algorithm", "energy-detection", "--input", observation, "--output", dir.File("results"));
        var classified = await Reservoir("run", "--plugins", plugins, "--algorithm", "cnn-classifier", "--input", observation, "--output", dir.File("results"),
            "--param", "items=" + Path.Combine(dir.File("results"), "obs-7", "energy-detection"), "--param", "cuda=false");

        Assert.Contains("succeeded:", classified.Output);
        var summary = JsonDocument.Parse(Python.RunScript(Check, dir.File("results"), dir.File("truth.json"))).RootElement;
        Assert.True(summary.GetProperty("hits").GetInt32() >= 3, summary.ToString());
        Assert.Equal(summary.GetProperty("hits").GetInt32(), summary.GetProperty("rows").GetInt32());
        Assert.Equal(summary.GetProperty("hits").GetInt32(), summary.GetProperty("manifest_hits").GetInt32());
        Assert.True(summary.GetProperty("same_index").GetBoolean(), summary.ToString());
        Assert.True(summary.GetProperty("in_tone_windows").GetBoolean(), summary.ToString());
        Assert.Equal(["narrowband"], summary.GetProperty("predictions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal([1, 16, 256], summary.GetProperty("stamp_shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.True(summary.GetProperty("min_confidence").GetDouble() > 0.9, summary.ToString());
    }

    [Fact]
    public async Task Run_MissingItems_Exit2NamingTheParameter()
    {
        using var dir = new TempDirectory("pipeline-bad");
        var plugins = BuiltPrograms.PluginsFolder(dir);
        var observation = dir.File("obs.h5");
        await Reservoir("synth", observation, "--coarse-channels", "1", "--fine-channels", "4096", "--tones", "1");
        var result = await ChildProcess.RunAsync("dotnet", [ReservoirProgram.Dll, "run", "--plugins", plugins, "--algorithm", "cnn-classifier",
            "--input", observation, "--output", dir.File("results"), "--termination-message-path", dir.File("tm")], Generous, dir.Path);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("items", File.ReadAllText(dir.File("tm")));
    }

    private static async Task<ChildProcessResult> Reservoir(params string[] args)
    {
        var result = await ChildProcess.RunAsync("dotnet", [ReservoirProgram.Dll, .. args], Generous);
        Assert.True(result.ExitCode == 0, $"reservoir {string.Join(' ', args)}: {result}");
        return result;
    }

    private const string Check = """
        import json, sys
        import numpy as np, pandas as pd
        results, truth = sys.argv[1], json.load(open(sys.argv[2]))
        ed = results + "/obs-7/energy-detection/"
        cc = results + "/obs-7/cnn-classifier/"
        hits = pd.read_csv(ed + "info_df.csv")
        rows = pd.read_csv(cc + "info_df.csv")
        stamps = np.load(cc + "filtered.npy")
        assert stamps.dtype == np.float32 and stamps.shape[0] == len(rows), (stamps.dtype, stamps.shape)
        windows = {w for t in truth["tones"] for w in t["window_starts"] + t["partial_window_starts"]}
        print(json.dumps({
            "hits": len(hits), "rows": len(rows),
            "manifest_hits": json.load(open(cc + "manifest.json"))["hits"],
            "same_index": rows["index"].tolist() == hits["index"].tolist() and np.allclose(rows["freqs"], hits["freqs"], rtol=0, atol=1e-9),
            "in_tone_windows": all(int(i) in windows for i in hits["index"]),
            "predictions": sorted(set(rows["prediction_str"])),
            "stamp_shape": list(stamps.shape[1:]),
            "min_confidence": float(rows["confidence"].min()),
        }))
        """;
}
