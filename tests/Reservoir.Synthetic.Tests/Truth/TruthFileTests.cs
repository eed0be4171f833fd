using Reservoir.TestSupport;

namespace Reservoir.Synthetic.Tests.Truth;

public sealed class TruthFileTests
{
    [Fact]
    public void Write_PythonJsonReadsToneTruthAndGeometry()
    {
        Python.RequireModules("json");
        var spec = SyntheticObservationSpec.Demo(5, new DemoOptions { FineChannelsPerCoarse = SmallSpecs.Width, Tones = 3 });
        var truths = ToneTruth.For(spec);
        using var folder = new TempDirectory();
        TruthFile.Write(folder.File("truth.json"), spec);

        var output = Python.RunScript("""
            import sys, json
            t = json.load(open(sys.argv[1]))
            print(t['seed'], t['fine_channels_per_coarse'], t['nchans'], t['window_width'], t['window_step'], len(t['tones']))
            for tone in t['tones']:
                print(tone['coarse_channel'], tone['start_channel'], repr(tone['drift_channels_per_integration']), ','.join(map(str, tone['window_starts'])))
            """, folder.File("truth.json"));

        var lines = output.Trim().Split('\n');
        Assert.Equal($"5 {SmallSpecs.Width} {4 * SmallSpecs.Width} 256 128 3", lines[0]);
        for (var i = 0; i < 3; i++)
            Assert.Equal(
                FormattableString.Invariant($"{truths[i].CoarseChannel} {truths[i].StartChannel} {truths[i].DriftChannelsPerIntegration:R} {string.Join(',', truths[i].WindowStarts)}"),
                lines[i + 1]);
    }
}
