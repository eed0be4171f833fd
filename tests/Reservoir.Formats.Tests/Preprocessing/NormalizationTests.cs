using Reservoir.Formats.Preprocessing;
using Xunit;

namespace Reservoir.Formats.Tests.Preprocessing;

public sealed class NormalizationTests
{
    [Fact]
    public void ZScore_Plane_HasZeroMeanUnitPopulationStdAndNaNAsZero()
    {
        var z = Normalization.ZScore(new ImagePlane(5, 1, [1, 2, 3, 4, float.NaN]));
        // mean 2.5, population std sqrt(1.25)
        Assert.Equal(-1.5f / MathF.Sqrt(1.25f), z.Data[0], 6);
        Assert.Equal(1.5f / MathF.Sqrt(1.25f), z.Data[3], 6);
        Assert.Equal(0f, z.Data[4]);
        Assert.Equal(0.0, z.Data.Take(4).Select(v => (double)v).Sum(), 6);
    }

    [Fact]
    public void ZScore_ConstantPlane_GivesZeros() =>
        Assert.All(Normalization.ZScore(new ImagePlane(2, 2, [7, 7, 7, 7])).Data, v => Assert.Equal(0f, v));

    [Fact]
    public void MinMax_Plane_SpansZeroToOne()
    {
        var m = Normalization.MinMax(new ImagePlane(4, 1, [-2, 0, 6, float.NaN]));
        Assert.Equal(new[] { 0f, 0.25f, 1f, 0f }, m.Data);
    }

    [Fact]
    public void ImageNet_GrayPlane_RepeatedIntoThreeNormalisedChannels()
    {
        var planes = Normalization.ImageNet([new ImagePlane(1, 1, [0.5f])]);
        Assert.Equal(3, planes.Length);
        Assert.Equal((0.5f - 0.485f) / 0.229f, planes[0].Data[0]);
        Assert.Equal((0.5f - 0.456f) / 0.224f, planes[1].Data[0]);
        Assert.Equal((0.5f - 0.406f) / 0.225f, planes[2].Data[0]);
        Assert.Throws<ArgumentException>(() => Normalization.ImageNet([planes[0], planes[1]]));
    }
}
