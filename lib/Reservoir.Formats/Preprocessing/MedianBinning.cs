namespace Reservoir.Formats.Preprocessing;

/// <summary>
/// Boxcar-median binning (block reduction), e.g. a 2016×2016 frame binned 9×9 to 224×224. Output pixel
/// (X, Y) is the median of input block [X·bw, (X+1)·bw) × [Y·bh, (Y+1)·bh). Edge rule: the output is
/// floor(W/bw) × floor(H/bh); trailing columns and rows that do not fill a whole block are dropped (as
/// astropy.nddata.block_reduce trims). NaN pixels are ignored (numpy nanmedian); an all-NaN block gives NaN.
/// An even count takes the mean of the two middle values, as numpy does.
/// </summary>
public static class MedianBinning
{
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
        Parallel.For(0, height, () => new float[blockWidth * blockHeight], (y, _, values) =>
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
            return values;
        }, _ => { });
        return new ImagePlane(width, height, output);
    }

    /// <summary>The median of <paramref name="values"/> (reordered in place); NaN when empty.</summary>
    internal static float Median(Span<float> values)
    {
        if (values.Length == 0) return float.NaN;
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2f;
    }
}
