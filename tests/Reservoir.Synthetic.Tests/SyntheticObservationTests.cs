using Reservoir.Sdk.Observations;

namespace Reservoir.Synthetic.Tests;

public sealed class SyntheticObservationTests
{
    [Fact]
    public void Read_SameSpecTwice_ReturnsIdenticalValues()
    {
        using var first = new SyntheticObservation(SmallSpecs.WithSignals(seed: 5));
        using var second = new SyntheticObservation(SmallSpecs.WithSignals(seed: 5));

        Assert.Equal(SmallSpecs.ReadAll(first), SmallSpecs.ReadAll(second));
        Assert.Equal(SmallSpecs.ReadAll(first), SmallSpecs.ReadAll(first));
    }

    [Fact]
    public void Read_DifferentSeeds_ValuesDiffer()
    {
        using var first = new SyntheticObservation(SmallSpecs.NoiseOnly(seed: 1));
        using var second = new SyntheticObservation(SmallSpecs.NoiseOnly(seed: 2));

        var a = SmallSpecs.ReadAll(first);
        var b = SmallSpecs.ReadAll(second);
        var equal = a.Zip(b).Count(p => p.First == p.Second);
        Assert.True(equal < a.Length / 1000, $"{equal} of {a.Length} values equal across seeds");
    }

    [Fact]
    public void Read_DifferentIntegrationsAndIfs_AreNotCopiesOfEachOther()
    {
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly(ifs: 2));
        var if0 = SmallSpecs.ReadAll(observation, 0);
        var if1 = SmallSpecs.ReadAll(observation, 1);
        var channels = (int)observation.Shape.Channels;

        Assert.NotEqual(if0.AsSpan(0, channels).ToArray(), if0.AsSpan(channels, channels).ToArray());
        var correlation = Correlation(SmallSpecs.NoiseRatios(observation, 0), SmallSpecs.NoiseRatios(observation, 1));
        Assert.True(Math.Abs(correlation) < 0.02, $"IF 0 and IF 1 noise correlate: {correlation}");
    }

    [Theory]
    [InlineData(0, 16, 0, 1)]
    [InlineData(0, 16, 100, 101)]
    [InlineData(3, 5, 7, 999)]
    [InlineData(15, 1, 4090, 20)]
    [InlineData(0, 16, 2047, 4098)]
    [InlineData(2, 9, 16 * 256, 16 * 256)]
    [InlineData(0, 1, 16383, 1)]
    public void Read_PartialBlock_EqualsSliceOfFullRead(int timeStart, int timeCount, long channelStart, int channelCount)
    {
        using var observation = new SyntheticObservation(SmallSpecs.WithSignals());
        var channels = (int)observation.Shape.Channels;
        foreach (var ifIndex in new[] { 0, 1 })
        {
            var full = SmallSpecs.ReadAll(observation, ifIndex);
            var part = new float[timeCount * channelCount];
            observation.Read(new DataBlock(timeStart, timeCount, ifIndex, channelStart, channelCount), part);

            for (var t = 0; t < timeCount; t++)
                Assert.Equal(
                    full.AsSpan((timeStart + t) * channels + (int)channelStart, channelCount).ToArray(),
                    part.AsSpan(t * channelCount, channelCount).ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void Read_TiledInChunks_ReassemblesFullRead(int chunk)
    {
        using var observation = new SyntheticObservation(SmallSpecs.WithSignals());
        var channels = (int)observation.Shape.Channels;
        var full = SmallSpecs.ReadAll(observation);
        var tiled = new float[full.Length];
        var buffer = new float[16 * chunk];
        for (var start = 0; start < channels; start += chunk)
        {
            var count = Math.Min(chunk, channels - start);
            observation.Read(DataBlock.AllTimes(observation.Shape, 0, start, count), buffer);
            for (var t = 0; t < 16; t++) buffer.AsSpan(t * count, count).CopyTo(tiled.AsSpan(t * channels + start));
        }

        Assert.Equal(full, tiled);
    }

    [Fact]
    public void Read_BlockOutsideShape_ThrowsArgumentOutOfRange()
    {
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly());
        var buffer = new float[1 << 16];

        Assert.Throws<ArgumentOutOfRangeException>(() => observation.Read(new DataBlock(0, 17, 0, 0, 1), buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => observation.Read(new DataBlock(0, 1, 1, 0, 1), buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => observation.Read(new DataBlock(0, 1, 0, observation.Shape.Channels - 1, 2), buffer));
    }

    [Fact]
    public void Read_DestinationTooSmall_ThrowsArgumentException()
    {
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly());

        var error = Assert.Throws<ArgumentException>(() => observation.Read(new DataBlock(0, 2, 0, 0, 100), new float[199]));
        Assert.Contains("199", error.Message);
    }

    [Fact]
    public void Read_AfterDispose_ThrowsObjectDisposed()
    {
        var observation = new SyntheticObservation(SmallSpecs.NoiseOnly());
        observation.Dispose();

        Assert.Throws<ObjectDisposedException>(() => observation.Read(new DataBlock(0, 1, 0, 0, 1), new float[1]));
    }

    [Fact]
    public void Shape_FollowsSpec_AndStoredBytesIsFloat32Cube()
    {
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly(coarseChannels: 3, ifs: 2) with { Integrations = 5 });

        Assert.Equal(new ObservationShape(5, 2, 3 * SmallSpecs.Width), observation.Shape);
        Assert.Equal(5L * 2 * 3 * SmallSpecs.Width * 4, observation.StoredBytes);
        Assert.Equal("synthetic:seed=7", observation.Source);
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
