namespace Reservoir.Web.Rendering;

/// <summary>
/// The viridis colour map (perceptually uniform, readable in grey and by most colour-blind viewers), as nine
/// evenly spaced anchor colours interpolated linearly in RGB.
/// </summary>
internal static class Viridis
{
    private static readonly (byte R, byte G, byte B)[] Anchors =
    [
        (0x44, 0x01, 0x54), (0x47, 0x2D, 0x7B), (0x3B, 0x52, 0x8B), (0x2C, 0x72, 0x8E), (0x21, 0x90, 0x8C),
        (0x27, 0xAD, 0x81), (0x5D, 0xC8, 0x63), (0xAA, 0xDC, 0x32), (0xFD, 0xE7, 0x25),
    ];

    /// <summary>The colour for <paramref name="t"/> in [0, 1] (clamped; NaN maps to 0).</summary>
    public static (byte R, byte G, byte B) At(double t)
    {
        if (!(t > 0)) return Anchors[0];
        if (t >= 1) return Anchors[^1];
        var x = t * (Anchors.Length - 1);
        var i = (int)x;
        var f = x - i;
        var (a, b) = (Anchors[i], Anchors[i + 1]);
        return (Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
    }

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
}
