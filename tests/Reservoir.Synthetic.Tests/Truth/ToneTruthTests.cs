using System.Globalization;
using Reservoir.TestSupport;

namespace Reservoir.Synthetic.Tests.Truth;

public sealed class ToneTruthTests
{
    [Fact]
    public void For_DriftingTone_ReportsTrackFrequencyDriftRateAndWindows()
    {
        var spec = SmallSpecs.NoiseOnly() with { Tones = [new SyntheticTone(SmallSpecs.Width + 300, -1.5, 20)] };

        var truth = Assert.Single(ToneTruth.For(spec));

        Assert.Equal(1, truth.CoarseChannel);
        Assert.Equal(SmallSpecs.Width + 300 - 23, truth.FirstChannel); // 300 − 1.5 × 15 = 277.5: channels 277 and 278
        Assert.Equal(SmallSpecs.Width + 300, truth.LastChannel);
        Assert.Equal(spec.Fch1 + spec.Foff * (SmallSpecs.Width + 300), truth.FrequencyMhz, 9);
        Assert.Equal(-1.5 * spec.Foff * 1e6 / spec.Tsamp, truth.DriftHzPerSecond, 12);
        Assert.Equal([SmallSpecs.Width + 128L, SmallSpecs.Width + 256L], truth.WindowStarts);
        Assert.Empty(truth.PartialWindowStarts);
    }

    [Fact]
    public void For_TrackAcrossWindowBoundary_SeparatesWholeAndPartialWindows()
    {
        var spec = SmallSpecs.NoiseOnly() with { Tones = [new SyntheticTone(250, 1, 20)] }; // channels 250..265

        var truth = Assert.Single(ToneTruth.For(spec));

        Assert.Equal([128L], truth.WindowStarts);
        Assert.Equal([0L, 256L], truth.PartialWindowStarts);
    }

    [Fact]
    public void DemoTones_MakeEveryTruthWindowAnEnergyDetectionHitInScipy()
    {
        Python.RequireModules("numpy", "scipy");
        var spec = SyntheticObservationSpec.Demo(77, new DemoOptions { FineChannelsPerCoarse = SmallSpecs.Width, Tones = 6, MinDrift = -2, MaxDrift = 2 });
        using var observation = new SyntheticObservation(spec);
        using var folder = new TempDirectory();
        SmallSpecs.WriteRaw(folder.File("cube.f32"), SmallSpecs.ReadAll(observation));
        var starts = ToneTruth.For(spec).SelectMany(t => t.WindowStarts).ToArray();
        Assert.True(starts.Length >= 6, "each demo tone lies wholly in at least one window");

        var output = Python.RunScript("""
            import sys, numpy as np, scipy.stats as st
            d = np.fromfile(sys.argv[1], dtype='<f4').astype(np.float64).reshape(16, -1)  # float32 moment sums of 1e9-level data overflow
            print(' '.join(repr(st.normaltest(d[:, s:s + 256].ravel()).statistic) for s in map(int, sys.argv[2].split(','))))
            """, folder.File("cube.f32"), string.Join(',', starts));

        var statistics = output.Trim().Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(starts.Length, statistics.Length);
        Assert.All(statistics, k2 => Assert.True(double.IsFinite(k2) && k2 > 2048, $"K² {k2} at a truth window is not above energy detection's threshold"));
    }
}
