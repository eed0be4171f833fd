namespace Reservoir.Web.Rendering;

/// <summary>
/// A stamp (n_ints × window float32 values, time rows × frequency columns) as a waterfall PNG, one pixel per
/// value, time increasing downwards. Colours span the 1st to 99th percentile of the stamp's finite values,
/// so one bright channel does not flatten the rest; non-finite values are drawn at the low end.
/// </summary>
internal static class StampRenderer
{
    public static byte[] RenderPng(ReadOnlySpan<float> values, int rows, int columns)
    {
        if (values.Length != rows * columns) throw new ArgumentException($"stamp has {values.Length} values, expected {rows}x{columns}");
        var (low, high) = Range(values);
        var scale = high > low ? 1.0 / (high - low) : 0;
        var rgb = new byte[rows * columns * 3];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var t = float.IsFinite(v) ? (scale == 0 ? 0.5 : (v - low) * scale) : 0;
            var (r, g, b) = Viridis.At(t);
            rgb[3 * i] = r;
            rgb[3 * i + 1] = g;
            rgb[3 * i + 2] = b;
        }
        return PngEncoder.EncodeRgb(columns, rows, rgb);
    }

    private static (double Low, double High) Range(ReadOnlySpan<float> values)
    {
        var finite = new List<float>(values.Length);
        foreach (var v in values) if (float.IsFinite(v)) finite.Add(v);
        if (finite.Count == 0) return (0, 0);
        finite.Sort();
        return (finite[(int)(0.01 * (finite.Count - 1))], finite[(int)Math.Ceiling(0.99 * (finite.Count - 1))]);
    }
}
