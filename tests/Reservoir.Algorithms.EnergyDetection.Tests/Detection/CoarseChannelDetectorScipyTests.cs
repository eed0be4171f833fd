using System.Globalization;
using Reservoir.Algorithms.EnergyDetection.Tests.Support;
using Reservoir.Formats;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Detection;

/// <summary>
/// Cross-checks against numpy/scipy doing the same semantics plainly: every window's K² to 1e-9 relative, the
/// same hits in the same order, stamps equal to float32 rounding.
/// </summary>
public sealed class CoarseChannelDetectorScipyTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Process_SyntheticW4096WithTonesAndDcSpike_EveryWindowMatchesScipy()
    {
        var data = new SyntheticCoarseChannels(integrations: 16, coarseWidth: 4096, coarseChannels: 4, seed: 11)
            .WithDcSpike(40)
            .WithTone(1 * 4096 + 700, 3.0)            // steady strong tone
            .WithTone(2 * 4096 + 2000, 0.5, drift: 3) // drifting tone
            .WithTone(3 * 4096 + 300, 0.02);          // faint tone
        CompareWithScipy(data, 4096, new EnergyDetectionParameters { CoarseChannelWidth = 4096 }, expectHits: true);
    }

    [Fact]
    public void Process_SyntheticW8192WindowFourBlocks_EveryWindowMatchesScipy()
    {
        // window 256, step 64: four blocks per window, windows stop where the next would run past W.
        var data = new SyntheticCoarseChannels(integrations: 16, coarseWidth: 8192, coarseChannels: 2, seed: 12, degreesOfFreedom: 500)
            .WithDcSpike(25)
            .WithTone(5000, 1.5)
            .WithTone(8192 + 100, 0.8, drift: -2);
        CompareWithScipy(data, 8192, new EnergyDetectionParameters { CoarseChannelWidth = 8192, Step = 64 }, expectHits: true);
    }

    [Fact]
    public void Process_DcRepairOff_DcSpikeWindowsMatchScipyAndAreHits()
    {
        var data = new SyntheticCoarseChannels(integrations: 16, coarseWidth: 4096, coarseChannels: 2, seed: 13).WithDcSpike(40);
        var windows = CompareWithScipy(data, 4096, new EnergyDetectionParameters { CoarseChannelWidth = 4096, DcRepair = false }, expectHits: true);
        Assert.All(windows.Where(w => w.Statistic > 2048), w => Assert.InRange(2048 - w.Start, 0, 255));
    }

    [Fact]
    public void Run_GbtSample_EveryWindowMatchesScipy()
    {
        var path = SharedData.Path(SharedData.SampleFil);
        using var observation = ObservationFile.Open(path);
        using var temp = new TempDirectory("energy-detection");
        var raw = temp.File("sample.f32");
        var shape = observation.Shape;
        var all = new float[shape.Integrations * shape.Channels];
        observation.Read(Reservoir.Sdk.Observations.DataBlock.AllTimes(shape, 0, 0, (int)shape.Channels), all);
        File.WriteAllBytes(raw, System.Runtime.InteropServices.MemoryMarshal.AsBytes(all.AsSpan()).ToArray());
        var parameters = new EnergyDetectionParameters { CoarseChannelWidth = 1024 };
        var windows = Compare(observation, raw, shape.Integrations, (int)shape.Channels, 1024, parameters, expectHits: false);
        Assert.Equal(7, windows.Count); // i = 0, 128, …, 768 < 1024 − 128
    }

    private static List<ScipyReference.Window> CompareWithScipy(SyntheticCoarseChannels data, int width, EnergyDetectionParameters parameters, bool expectHits)
    {
        using var temp = new TempDirectory("energy-detection");
        var raw = temp.File("data.f32");
        data.WriteRaw(raw);
        return Compare(data.ToObservation(), raw, data.Integrations, data.Channels, width, parameters, expectHits);
    }

    private static List<ScipyReference.Window> Compare(Reservoir.Sdk.Observations.IObservation observation, string raw, int integrations, int channels,
        int width, EnergyDetectionParameters parameters, bool expectHits)
    {
        var reference = ScipyReference.Run(raw, integrations, channels, width, parameters.Window, parameters.Step,
            parameters.KnotSpacingDivisor, parameters.DcRepair, parameters.Threshold);
        var ours = DetectorRuns.AllWindows(observation, parameters);

        Assert.Equal(reference.Windows.Select(w => (w.CoarseChannel, w.Start)), ours.Select(w => (w.CoarseChannel, w.Start)));
        var worst = 0.0;
        for (var i = 0; i < ours.Count; i++)
        {
            var (expected, actual) = (reference.Windows[i].Statistic, ours[i].Statistic);
            var relative = Math.Abs(actual - expected) / Math.Abs(expected);
            worst = Math.Max(worst, relative);
            Assert.True(relative <= Tolerance,
                $"coarse channel {ours[i].CoarseChannel} window {ours[i].Start}: K² {actual.ToString("R", CultureInfo.InvariantCulture)} vs scipy {expected.ToString("R", CultureInfo.InvariantCulture)} (relative {relative:E2})");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{ours.Count} windows, {reference.Hits.Count} hits, worst K² relative error {worst:E2}");

        var (artifacts, _) = Contexts.Run(observation,
            ("coarse_channel_width", width.ToString(CultureInfo.InvariantCulture)),
            ("window", parameters.Window.ToString(CultureInfo.InvariantCulture)),
            ("step", parameters.Step.ToString(CultureInfo.InvariantCulture)),
            ("dc_repair", parameters.DcRepair ? "true" : "false"));
        var expectedHits = reference.Hits.Select(h => (long)h.CoarseChannel * width + h.Start).ToList();
        Assert.Equal(expectedHits, artifacts.Rows.Select(r => (long)r[0]));
        if (expectHits) Assert.InRange(expectedHits.Count, 1, ours.Count / 4);
        else Assert.True(expectedHits.Count < ours.Count / 4, $"{expectedHits.Count} of {ours.Count} windows are hits");

        var stampValues = integrations * parameters.Window;
        Assert.Equal(reference.HitStamps.Length, artifacts.Stamps.Count * stampValues);
        for (var h = 0; h < artifacts.Stamps.Count; h++)
        {
            var expected = reference.HitStamps.AsSpan(h * stampValues, stampValues);
            var scale = 0.0;
            foreach (var v in expected) scale = Math.Max(scale, Math.Abs(v));
            for (var k = 0; k < stampValues; k++)
                Assert.True(Math.Abs(artifacts.Stamps[h][k] - expected[k]) <= 1e-6 * scale,
                    $"hit {h} stamp value {k}: {artifacts.Stamps[h][k]} vs scipy {expected[k]}");
        }
        return ours;
    }
}
