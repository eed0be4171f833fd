using Reservoir.Algorithms.CnnClassifier.Training;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Training;

public sealed class SyntheticStampsTests
{
    [Fact]
    public void Generate_SameSeed_SameStampsAndLabels_OtherSeedDiffers()
    {
        var generator = new SyntheticStamps();
        var (a, labelsA) = generator.Generate(30, 7);
        var (b, labelsB) = generator.Generate(30, 7);
        var (c, _) = generator.Generate(30, 8);
        Assert.Equal(a, b);
        Assert.Equal(labelsA, labelsB);
        Assert.NotEqual(a, c);
        Assert.Equal(30 * 16 * 256, a.Length);
        Assert.Equal(3, labelsA.Distinct().Count());
    }

    [Fact]
    public void Fill_EachClass_HasItsSignature()
    {
        var generator = new SyntheticStamps(16, 256);
        var random = new Random(3);
        for (var trial = 0; trial < 20; trial++)
        {
            var noise = Stamp(StampClass.Noise);
            var tone = Stamp(StampClass.Narrowband);
            var burst = Stamp(StampClass.Broadband);
            // A tone puts its power in few channels: the brightest pixel stands far above the noise (≥ 6 σ shared by two channels).
            Assert.True(PeakOverSpread(tone) > PeakOverSpread(noise), $"trial {trial}: tone peak {PeakOverSpread(tone)} vs noise {PeakOverSpread(noise)}");
            // A burst lifts whole integrations: the brightest row mean stands above the other rows.
            Assert.True(RowContrast(burst) > RowContrast(noise), $"trial {trial}: burst rows {RowContrast(burst)} vs noise {RowContrast(noise)}");
        }

        float[] Stamp(StampClass kind)
        {
            var stamp = new float[16 * 256];
            generator.Fill(kind, random, stamp);
            return stamp;
        }
    }

    private static double PeakOverSpread(float[] stamp) => stamp.Max() / Spread(stamp.Select(v => (double)v).ToArray());

    private static double RowContrast(float[] stamp)
    {
        var rows = Enumerable.Range(0, 16).Select(t => stamp.Skip(t * 256).Take(256).Average(v => (double)v)).ToArray();
        return (rows.Max() - rows.Average()) / Spread(stamp.Select(v => (double)v).ToArray()) * Math.Sqrt(256);
    }

    private static double Spread(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)(0.75 * sorted.Length)] - sorted[(int)(0.25 * sorted.Length)]; // robust to the signal itself
    }
}
