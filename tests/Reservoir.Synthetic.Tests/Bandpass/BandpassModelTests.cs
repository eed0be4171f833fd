namespace Reservoir.Synthetic.Tests.Bandpass;

public sealed class BandpassModelTests
{
    [Fact]
    public void Bandpass_RollsOffTowardsBothCoarseChannelEdges()
    {
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly());
        var w = SmallSpecs.Width;
        for (var coarse = 0; coarse < 4; coarse++)
        {
            double At(int offset) => observation.Bandpass(0, (long)coarse * w + offset);
            var top = At(w / 4);
            Assert.InRange(At(0) / top, 0.4, 0.6);
            Assert.InRange(At(w - 1) / top, 0.4, 0.6);
            Assert.InRange(At(3 * w / 4) / top, 0.99, 1.01);
            Assert.True(At(w / 32) < At(w / 16) && At(w / 16) < At(w / 8), "roll-off is not monotonic towards the edge");
        }
    }

    [Fact]
    public void Bandpass_LevelNearConfiguredAndVariesAcrossCoarseChannels()
    {
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly(coarseChannels: 16, ifs: 2));
        var tops = Enumerable.Range(0, 16).Select(c => observation.Bandpass(0, (long)c * SmallSpecs.Width + SmallSpecs.Width / 4)).ToArray();

        Assert.All(tops, top => Assert.InRange(top, 0.75e9, 1.25e9));
        Assert.True(tops.Max() / tops.Min() > 1.02, "every coarse channel has the same level");
        Assert.True(observation.Bandpass(1, 100) < observation.Bandpass(0, 100), "IF 1 is not below IF 0");
    }

    [Fact]
    public void DataMean_FollowsBandpass()
    {
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly());
        var values = SmallSpecs.ReadAll(observation);
        var channels = (int)observation.Shape.Channels;

        // Mean over 16 integrations × 64 channels, against the bandpass, near an edge and at the top.
        foreach (var start in new[] { 0, 1024, SmallSpecs.Width - 64, 3 * SmallSpecs.Width + 2600 })
        {
            double sum = 0, expected = 0;
            for (var t = 0; t < 16; t++)
                for (var c = start; c < start + 64; c++)
                {
                    sum += values[t * channels + c];
                    expected += observation.Bandpass(0, c);
                }
            Assert.InRange(sum / expected, 0.98, 1.02);
        }
    }

    [Fact]
    public void DcChannel_IsSpikeFactorTimesLocalLevel()
    {
        var spec = SmallSpecs.NoiseOnly();
        using var observation = new SyntheticObservation(spec);
        var values = SmallSpecs.ReadAll(observation);
        var channels = (int)observation.Shape.Channels;

        for (var coarse = 0; coarse < spec.CoarseChannels; coarse++)
        {
            var dc = coarse * SmallSpecs.Width + SmallSpecs.Width / 2;
            var ratio = Enumerable.Range(0, 16).Average(t => values[t * channels + dc] / observation.Bandpass(0, dc));
            var neighbours = Enumerable.Range(0, 16).Average(t => values[t * channels + dc + 1] / observation.Bandpass(0, dc + 1));
            Assert.InRange(ratio, spec.DcSpikeFactor * 0.9, spec.DcSpikeFactor * 1.1);
            Assert.InRange(neighbours, 0.9, 1.1);
        }
    }
}
