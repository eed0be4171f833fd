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
    [Theory]
    [InlineData(9, 9, 1)]
    [InlineData(4, 3, 2)]
    [InlineData(2, 2, 3)]
    [InlineData(8, 8, 4)]
    [InlineData(3, 3, 5)]
    [InlineData(15, 15, 6)]
    [InlineData(17, 17, 7)]
    public void Bin_RandomPlanesWithNaNsAndTies_EqualSortBasedOracle(int blockWidth, int blockHeight, int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 20; trial++)
        {
            var (width, height) = (random.Next(blockWidth, 12 * blockWidth), random.Next(blockHeight, 100));
            // Half the trials NaN-free (the vector network's path), half with NaN pixels (the per-block selection).
            var data = RandomValues(random, width * height, nanFraction: trial % 2 == 0 ? 0 : random.NextDouble() * 0.02);
            if (trial % 5 == 0) // an all-NaN block in the top-left corner
                for (var y = 0; y < blockHeight; y++) data.AsSpan(y * width, blockWidth).Fill(float.NaN);
            var plane = new ImagePlane(width, height, data);

            var binned = MedianBinning.Bin(plane, blockWidth, blockHeight);

            Assert.Equal(SortBasedBin(plane, blockWidth, blockHeight), binned.Data);
            Assert.Equal(data, plane.Data); // the input is left as it was
        }
    }

    [Fact]
    public void Median_RandomLengthsWithTies_EqualsSortOracleAndPartitionsAroundK()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 3000; trial++)
        {
            var values = RandomValues(random, random.Next(0, 200), nanFraction: 0.15).Where(v => !float.IsNaN(v)).ToArray();
            var sorted = values.Order().ToArray();
            var expected = sorted.Length == 0 ? float.NaN
                : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2f;

            Assert.Equal(expected, MedianBinning.Median(values.ToArray()));
            if (values.Length == 0) continue;
            var k = random.Next(values.Length);
            Assert.Equal(sorted[k], MedianBinning.Select(values, k));
            Assert.All(values[..k], v => Assert.True(v <= values[k]));
            Assert.All(values[(k + 1)..], v => Assert.True(v >= values[k]));
            Assert.Equal(sorted, values.Order().ToArray()); // a permutation of the input
        }
    }

    /// <summary>Normal values, or (one trial in three) few distinct values so ties are common; some NaN.</summary>
    private static float[] RandomValues(Random random, int count, double nanFraction)
    {
        var ties = random.Next(3) == 0;
        var values = new float[count];
        for (var i = 0; i < count; i++)
            values[i] = random.NextDouble() < nanFraction ? float.NaN
                : ties ? random.Next(1, 6) : (float)(100 + 15 * random.NextDouble() * Math.Sign(random.NextDouble() - 0.5));
        return values;
    }

    /// <summary>The original implementation (full sort of each block), kept as the oracle for the selection.</summary>
    private static float[] SortBasedBin(ImagePlane plane, int blockWidth, int blockHeight)
    {
        var (width, height) = (plane.Width / blockWidth, plane.Height / blockHeight);
        var output = new float[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var block = new List<float>();
                for (var dy = 0; dy < blockHeight; dy++)
                    for (var dx = 0; dx < blockWidth; dx++)
                    {
                        var v = plane[x * blockWidth + dx, y * blockHeight + dy];
                        if (!float.IsNaN(v)) block.Add(v);
                    }
                block.Sort();
                var mid = block.Count / 2;
                output[y * width + x] = block.Count == 0 ? float.NaN
                    : block.Count % 2 == 1 ? block[mid] : (block[mid - 1] + block[mid]) / 2f;
            }
        return output;
    }
}
