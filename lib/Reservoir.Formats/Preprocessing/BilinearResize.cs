namespace Reservoir.Formats.Preprocessing;

/// <summary>
/// Bilinear resampling with the conventions of PyTorch <c>F.interpolate(mode='bilinear', align_corners=False,
/// antialias=False)</c> given an output size: scale = in/out (float32), source coordinate
/// <c>max(0, scale·(dst + 0.5) − 0.5)</c>, neighbours clamped at the last row/column, arithmetic in float32.
/// No antialiasing, so strong downscaling aliases exactly as PyTorch does; bin first (<see cref="MedianBinning"/>).
/// </summary>
public static class BilinearResize
{
    public static ImagePlane Resize(ImagePlane plane, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var xs = Taps(plane.Width, width);
        var ys = Taps(plane.Height, height);
        var output = new float[width * height];
        var source = plane.Data;
        for (var y = 0; y < height; y++)
        {
            var (y0, y1, wy0, wy1) = ys[y];
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, wx0, wx1) = xs[x];
                var top = wx0 * source[y0 * plane.Width + x0] + wx1 * source[y0 * plane.Width + x1];
                var bottom = wx0 * source[y1 * plane.Width + x0] + wx1 * source[y1 * plane.Width + x1];
                output[y * width + x] = wy0 * top + wy1 * bottom;
            }
        }
        return new ImagePlane(width, height, output);
    }

    private static (int I0, int I1, float W0, float W1)[] Taps(int input, int output)
    {
        var scale = (float)input / output;
        var taps = new (int, int, float, float)[output];
        for (var d = 0; d < output; d++)
        {
            var src = Math.Max(0f, scale * (d + 0.5f) - 0.5f);
            var i0 = (int)src;
            var i1 = i0 < input - 1 ? i0 + 1 : i0;
            var w1 = src - i0;
            taps[d] = (i0, i1, 1f - w1, w1);
        }
        return taps;
    }
}
