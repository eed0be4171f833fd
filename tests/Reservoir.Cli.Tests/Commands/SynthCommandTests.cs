using System.Text.Json;
using Reservoir.Formats;
using Reservoir.Sdk.Observations;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Cli.Tests.Commands;

/// <summary><c>reservoir synth</c> through the built program: the file, the printed tone table and the truth file agree.</summary>
public sealed class SynthCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("synth-test");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Synth_Filterbank_WritesReadableFileAndPrintsEveryTone()
    {
        var file = _dir.File("s.fil");
        var (exit, output) = await ReservoirProgram.RunAsync(_dir.Path, TimeSpan.FromMinutes(2),
            "synth", file, "--coarse-channels", "2", "--fine-channels", "4096", "--tones", "2", "--seed", "5", "--truth", _dir.File("t.json"));
        Assert.True(exit == 0, output);

        using (var observation = ObservationFile.Open(file))
        {
            Assert.Equal(new ObservationShape(16, 1, 8192), observation.Shape);
            Assert.Equal(8192, observation.Header.GetLong("nchans"));
        }
        using var truth = JsonDocument.Parse(File.ReadAllText(_dir.File("t.json")));
        var tones = truth.RootElement.GetProperty("tones").EnumerateArray().ToList();
        Assert.Equal(2, tones.Count);
        foreach (var tone in tones)
            Assert.Contains($" {tone.GetProperty("start_channel").GetInt64()} ", output);
    }

    [Fact]
    public async Task Synth_BadFineChannels_ExitsTwoNamingTheOption()
    {
        var (exit, output) = await ReservoirProgram.RunAsync(_dir.Path, TimeSpan.FromMinutes(2), "synth", _dir.File("x.fil"), "--fine-channels", "100");
        Assert.Equal(2, exit);
        Assert.Contains("--fine-channels", output);
        Assert.False(File.Exists(_dir.File("x.fil")));
    }
}
