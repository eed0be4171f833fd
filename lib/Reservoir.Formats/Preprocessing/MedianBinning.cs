namespace Reservoir.Formats.Preprocessing;

/// <summary>
/// Boxcar-median binning (block reduction), e.g. a 2016×2016 frame binned 9×9 to 224×224. Output pixel
/// (X, Y) is the median of input block [X·bw, (X+1)·bw) × [Y·bh, (Y+1)·bh). Edge rule: the output is
/// floor(W/bw) × floor(H/bh); trailing columns and rows that do not fill a whole block are dropped (as
/// astropy.nddata.block_reduce trims). NaN pixels are ignored (numpy nanmedian); an all-NaN block gives NaN.
/// An even count takes the mean of the two middle values, as numpy does.
/// </summary>
/// <remarks>
/// Runs on the calling thread only: in the classifier it is the decode side of a pipeline whose other side is
/// libtorch's inference, which already uses every core the pod has; a parallel loop here would steal from it.
/// Each block's median is a selection (expected linear time), not a sort.
/// </remarks>
public static class MedianBinning
{
    /// <summary>Below this many values a selection range is finished by insertion sort.</summary>
    private const int InsertionSortCutoff = 16;

    public static ImagePlane Bin(ImagePlane plane, int block) => Bin(plane, block, block);

    public static ImagePlane Bin(ImagePlane plane, int blockWidth, int blockHeight)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockHeight);
        if (blockWidth > plane.Width || blockHeight > plane.Height)
            throw new ArgumentException($"a {blockWidth}×{blockHeight} block does not fit in a {plane.Width}×{plane.Height} plane");
        var width = plane.Width / blockWidth;
        var height = plane.Height / blockHeight;
        var output = new float[width * height];
        var source = plane.Data;
        var values = new float[blockWidth * blockHeight];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var n = 0;
                for (var dy = 0; dy < blockHeight; dy++)
                {
                    var row = source.AsSpan((y * blockHeight + dy) * plane.Width + x * blockWidth, blockWidth);
                    foreach (var v in row)
                        if (!float.IsNaN(v)) values[n++] = v;
                }
                output[y * width + x] = Median(values.AsSpan(0, n));
            }
        }
        return new ImagePlane(width, height, output);
    }

    /// <summary>The median of <paramref name="values"/> (NaN-free, reordered in place); NaN when empty.</summary>
    internal static float Median(Span<float> values)
    {
        if (values.Length == 0) return float.NaN;
        var mid = values.Length / 2;
        var upper = Select(values, mid);
        if (values.Length % 2 == 1) return upper;
        // Select leaves every value before index mid at or below it, so the lower middle is their maximum.
        var lower = values[0];
        foreach (var v in values[1..mid])
            if (v > lower) lower = v;
        return (lower + upper) / 2f;
    }

    /// <summary>
    /// Reorders <paramref name="values"/> so that index <paramref name="k"/> holds the value a full sort would put
    /// there, with no larger value before it and no smaller after it (nth_element), and returns that value.
    /// Quickselect with a median-of-three pivot and a Hoare partition.
    /// </summary>
    internal static float Select(Span<float> values, int k)
    {
        var (lo, hi) = (0, values.Length - 1);
        while (hi - lo > InsertionSortCutoff)
        {
            var m = lo + (hi - lo) / 2;
            if (values[m] < values[lo]) Swap(values, m, lo);
            if (values[hi] < values[lo]) Swap(values, hi, lo);
            if (values[hi] < values[m]) Swap(values, hi, m);
            var pivot = values[m];
            var (i, j) = (lo, hi);
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) Swap(values, i++, j--);
            }
            // Now [lo, j] <= pivot, [i, hi] >= pivot, and anything strictly between equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }
        for (var a = lo + 1; a <= hi; a++)
        {
            var v = values[a];
            var b = a - 1;
            for (; b >= lo && values[b] > v; b--) values[b + 1] = values[b];
            values[b + 1] = v;
        }
        return values[k];
    }

    private static void Swap(Span<float> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);
}
