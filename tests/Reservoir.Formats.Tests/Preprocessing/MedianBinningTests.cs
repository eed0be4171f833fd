using Reservoir.Formats.Npy;
using Reservoir.Formats.Preprocessing;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Preprocessing;

public sealed class MedianBinningTests
{
    [Theory]
    [InlineData(9, 9)]
    [InlineData(4, 3)]
    [InlineData(2, 2)]
    public void Bin_RandomPlane_MatchesAstropyBlockReduceMedian(int blockWidth, int blockHeight)
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var (input, expected) = (dir.File("in.npy"), dir.File("out.npy"));
        Python.RunScript("""
            import sys, numpy as np
            from astropy.nddata import block_reduce
            bw, bh = int(sys.argv[3]), int(sys.argv[4])
            a = np.random.default_rng(3).normal(100, 15, size=(50, 47)).astype(np.float32)
            np.save(sys.argv[1], a)
            np.save(sys.argv[2], block_reduce(a, (bh, bw), func=np.median).astype(np.float32))
            """, input, expected, $"{blockWidth}", $"{blockHeight}");
        using var reader = NpyReader.Open(input);
        using var reference = NpyReader.Open(expected);

        var binned = MedianBinning.Bin(new ImagePlane(47, 50, reader.ReadAll()), blockWidth, blockHeight);

        Assert.Equal((47 / blockWidth, 50 / blockHeight), (binned.Width, binned.Height));
        Assert.Equal([(long)binned.Height, binned.Width], reference.Shape);
        Assert.Equal(reference.ReadAll(), binned.Data);
    }

    [Fact]
    public void Bin_NaNPixels_IgnoredAndAllNaNBlockGivesNaN()
    {
        var plane = new ImagePlane(4, 2, [1, float.NaN, float.NaN, float.NaN, 5, 3, float.NaN, float.NaN]);
        var binned = MedianBinning.Bin(plane, 2);
        Assert.Equal(3f, binned[0, 0]); // median of 1, 5, 3
        Assert.True(float.IsNaN(binned[1, 0]));
    }

    [Fact]
    public void Bin_EvenCount_AveragesMiddleValuesAndDropsPartialEdge()
    {
        var plane = new ImagePlane(5, 2, [4, 1, 100, 100, 7, 2, 8, 100, 100, 7]);
        var binned = MedianBinning.Bin(plane, 2);
        Assert.Equal((2, 1), (binned.Width, binned.Height));
        Assert.Equal(3f, binned[0, 0]); // 1 2 4 8 -> (2 + 4) / 2
        Assert.Equal(100f, binned[1, 0]);
    }
}
