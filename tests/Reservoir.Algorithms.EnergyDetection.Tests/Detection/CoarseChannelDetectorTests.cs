using Reservoir.Algorithms.EnergyDetection.Detection;
using Reservoir.Algorithms.EnergyDetection.Tests.Support;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Detection;

public sealed class CoarseChannelDetectorTests
{
    private const int Integrations = 16;
    private const int Width = 4096;
    private const int Dc = Width / 2;

    private static CoarseChannelDetector Detector(bool dcRepair = true) =>
        new(new SearchGeometry(Integrations, Width, 1, 256, 128, Width / 16 + 1, dcRepair, "test"));

    [Fact]
    public void Process_DcRepair_SpectrumAtDcIsExactlyTheNeighbourMean()
    {
        var data = new SyntheticCoarseChannels(Integrations, Width, 1, seed: 3).WithDcSpike(1000).Data;
        var detector = Detector();
        detector.Process(data, new double[detector.WindowCount]);

        double dc = 0, below = 0;
        for (var t = 0; t < Integrations; t++)
        {
            var row = t * Width;
            dc += ((double)data[row + Dc + 1] + data[row + Dc - 3]) / 2;
            below += ((double)data[row + Dc + 2] + data[row + Dc - 2]) / 2;
        }
        Assert.Equal(dc / Integrations, detector.Spectrum[Dc]);
        Assert.Equal(below / Integrations, detector.Spectrum[Dc - 1]);
        double plain = 0;
        for (var t = 0; t < Integrations; t++) plain += data[t * Width + Dc + 5];
        Assert.Equal(plain / Integrations, detector.Spectrum[Dc + 5]);
    }

    [Fact]
    public void Process_DcRepair_ValuesAtDcAndDcMinusOneDoNotMatter()
    {
        var clean = new SyntheticCoarseChannels(Integrations, Width, 1, seed: 4).Data;
        var spiked = (float[])clean.Clone();
        for (var t = 0; t < Integrations; t++)
        {
            spiked[t * Width + Dc] = 7e12f;
            spiked[t * Width + Dc - 1] = -3e11f;
        }
        var a = Detector();
        var b = Detector();
        var statisticsA = new double[a.WindowCount];
        var statisticsB = new double[b.WindowCount];
        a.Process(clean, statisticsA);
        b.Process(spiked, statisticsB);
        Assert.Equal(statisticsA, statisticsB);

        var dcWindow = Dc / 128 - 1; // starts at Dc − 128: holds dc−1 and dc
        var stampA = new float[Integrations * 256];
        var stampB = new float[Integrations * 256];
        a.CopyStamp(clean, dcWindow, stampA);
        b.CopyStamp(spiked, dcWindow, stampB);
        Assert.Equal(stampA, stampB);
    }

    [Fact]
    public void Process_DcRepairOff_SpikeMakesTheDcWindowsHits()
    {
        var data = new SyntheticCoarseChannels(Integrations, Width, 1, seed: 5).WithDcSpike(50).Data;
        var repaired = Detector(dcRepair: true);
        var raw = Detector(dcRepair: false);
        var withRepair = new double[repaired.WindowCount];
        var without = new double[raw.WindowCount];
        repaired.Process(data, withRepair);
        raw.Process(data, without);
        Assert.All(withRepair, k2 => Assert.True(k2 < 2048, $"K² {k2}"));
        Assert.True(without[Dc / 128 - 1] > 2048 && without[Dc / 128] > 2048);
    }

    [Fact]
    public void CopyStamp_Window_IsDataMinusFitAsFloat32()
    {
        var data = new SyntheticCoarseChannels(Integrations, Width, 1, seed: 6).WithTone(900, 2).Data;
        var detector = Detector();
        detector.Process(data, new double[detector.WindowCount]);
        var window = 6; // channels 768 .. 1023
        var stamp = new float[Integrations * 256];
        detector.CopyStamp(data, window, stamp);
        var fit = new double[256];
        detector.EvaluateFit(768, fit);
        for (var t = 0; t < Integrations; t++)
            for (var j = 0; j < 256; j++)
                Assert.Equal((float)(data[t * Width + 768 + j] - fit[j]), stamp[t * 256 + j]);
    }

    [Fact]
    public void Process_SameDetectorTwice_GivesIdenticalStatistics()
    {
        var first = new SyntheticCoarseChannels(Integrations, Width, 1, seed: 7).WithTone(100, 1).Data;
        var second = new SyntheticCoarseChannels(Integrations, Width, 1, seed: 8).Data;
        var detector = Detector();
        var a = new double[detector.WindowCount];
        var again = new double[detector.WindowCount];
        detector.Process(first, a);
        detector.Process(second, new double[detector.WindowCount]);
        detector.Process(first, again);
        Assert.Equal(a, again);
    }

    [Fact]
    public void Process_ReadingRowsFromObservation_MatchesTheInMemoryBlockExactly()
    {
        // Two coarse channels; the second (with a DC spike and a tone) is the one read.
        var data = new SyntheticCoarseChannels(Integrations, Width, 2, seed: 9).WithDcSpike(1000).WithTone(Width + 900, 2).Data;
        using var observation = ArrayObservation.SingleIf(data, Integrations, 2 * Width);
        var expected = new float[Integrations * Width];
        for (var t = 0; t < Integrations; t++) data.AsSpan(t * 2 * Width + Width, Width).CopyTo(expected.AsSpan(t * Width));

        var inMemory = Detector();
        var streamed = Detector();
        var statisticsInMemory = new double[inMemory.WindowCount];
        var statisticsStreamed = new double[streamed.WindowCount];
        inMemory.Process(expected, statisticsInMemory);
        var block = new float[Integrations * Width];
        streamed.Process(observation, 0, Width, block, statisticsStreamed);

        Assert.Equal(expected, block);
        Assert.Equal(inMemory.Spectrum.ToArray(), streamed.Spectrum.ToArray());
        Assert.Equal(statisticsInMemory, statisticsStreamed);
        Assert.Contains(statisticsStreamed, k2 => k2 > 2048);
    }
}
