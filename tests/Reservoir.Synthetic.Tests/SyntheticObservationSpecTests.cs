using Reservoir.Sdk;

namespace Reservoir.Synthetic.Tests;

public sealed class SyntheticObservationSpecTests
{
    [Fact]
    public void Defaults_DescribeGbtFineResolutionProduct()
    {
        var spec = new SyntheticObservationSpec();

        Assert.Equal(16, spec.Integrations);
        Assert.Equal(1, spec.Ifs);
        Assert.Equal(1 << 20, spec.FineChannelsPerCoarse);
        Assert.Equal(-2.7939677238464355e-06, spec.Foff);
        Assert.Equal(18.253611008, spec.Tsamp);
        Assert.Equal(1 << 19, spec.DcOffset);
        Assert.Equal(2.9296875, -spec.Foff * spec.FineChannelsPerCoarse, 9);
    }

    public static TheoryData<SyntheticObservationSpec, string> BadSpecs => new()
    {
        { SmallSpecs.NoiseOnly() with { Integrations = 0 }, "Integrations" },
        { SmallSpecs.NoiseOnly() with { FineChannelsPerCoarse = 1000 }, "FineChannelsPerCoarse" },
        { SmallSpecs.NoiseOnly() with { NoiseDegreesOfFreedom = 0 }, "NoiseDegreesOfFreedom" },
        { SmallSpecs.NoiseOnly() with { Tsamp = -1 }, "Tsamp" },
        { SmallSpecs.NoiseOnly() with { Tones = [new SyntheticTone(0, 0, 1), new SyntheticTone(4 * SmallSpecs.Width, 0, 1)] }, "Tones[1].StartChannel" },
        { SmallSpecs.NoiseOnly() with { Tones = [new SyntheticTone(0, double.NaN, 1)] }, "Tones[0].DriftChannelsPerIntegration" },
        { SmallSpecs.NoiseOnly() with { Bursts = [new BroadbandBurst(15, 2, 0, 10, 1)] }, "Bursts[0]" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Constructor_OutOfRangeSpec_ThrowsBadParameterNamingField(SyntheticObservationSpec spec, string field)
    {
        var error = Assert.Throws<BadParameterException>(() => new SyntheticObservation(spec));

        Assert.Equal(field, error.Parameter);
    }

    [Fact]
    public void Demo_SameSeed_SameTonesAndDifferentSeed_DifferentTones()
    {
        var options = new DemoOptions { FineChannelsPerCoarse = SmallSpecs.Width, Tones = 5 };

        Assert.Equal(SyntheticObservationSpec.Demo(8, options).Tones, SyntheticObservationSpec.Demo(8, options).Tones);
        Assert.NotEqual(SyntheticObservationSpec.Demo(8, options).Tones, SyntheticObservationSpec.Demo(9, options).Tones);
    }

    [Fact]
    public void Demo_PlacesTonesAwayFromEdgesDcAndEachOther()
    {
        var options = new DemoOptions { FineChannelsPerCoarse = SmallSpecs.Width, CoarseChannels = 8, Tones = 12, Snr = 25, MinDrift = -2, MaxDrift = 0.5 };
        var spec = SyntheticObservationSpec.Demo(1234, options);
        var w = SmallSpecs.Width;

        Assert.Equal(12, spec.Tones.Count);
        var truths = ToneTruth.For(spec);
        foreach (var truth in truths)
        {
            var coarseStart = (long)truth.CoarseChannel * w;
            Assert.InRange(truth.FirstChannel, coarseStart + 256, coarseStart + w - 257);
            Assert.InRange(truth.LastChannel, coarseStart + 256, coarseStart + w - 257);
            Assert.True(truth.LastChannel < coarseStart + w / 2 - 256 || truth.FirstChannel > coarseStart + w / 2 + 256, $"tone {truth.Tone} near DC");
            Assert.InRange(truth.DriftChannelsPerIntegration, -2, 0.5);
            Assert.Equal(25, truth.Snr);
        }
        foreach (var a in truths)
            foreach (var b in truths.Where(b => b.Tone > a.Tone))
                Assert.True(a.LastChannel + 512 < b.FirstChannel || b.LastChannel + 512 < a.FirstChannel, $"tones {a.Tone} and {b.Tone} too close");
    }

    [Fact]
    public void Demo_RandomBursts_AreSeededQuarterCoarseChannelsInsideTheCube()
    {
        var options = new DemoOptions { FineChannelsPerCoarse = SmallSpecs.Width, Tones = 2, RandomBursts = 5, BurstSnr = 7 };

        var spec = SyntheticObservationSpec.Demo(3, options);

        Assert.Equal(5, spec.Bursts.Count);
        Assert.Equal(spec.Bursts, SyntheticObservationSpec.Demo(3, options).Bursts);
        Assert.NotEqual(spec.Bursts, SyntheticObservationSpec.Demo(4, options).Bursts);
        Assert.All(spec.Bursts, b =>
        {
            Assert.Equal(SmallSpecs.Width / 4, b.ChannelCount);
            Assert.Equal(b.ChannelStart / SmallSpecs.Width, (b.ChannelStart + b.ChannelCount - 1) / SmallSpecs.Width);
            Assert.InRange(b.Duration, 1, 2);
            Assert.Equal(7, b.Snr);
        });
        spec.Validate();
    }

    [Fact]
    public void Demo_TooManyTonesForTheBand_ThrowsBadParameter()
    {
        var options = new DemoOptions { FineChannelsPerCoarse = SmallSpecs.Width, CoarseChannels = 1, Tones = 20 };

        var error = Assert.Throws<BadParameterException>(() => SyntheticObservationSpec.Demo(1, options));
        Assert.Equal("Tones", error.Parameter);
    }
}
