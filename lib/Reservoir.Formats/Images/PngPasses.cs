namespace Reservoir.Formats.Images;

/// <summary>The reduced images of a PNG: one for a plain image, seven for Adam7 (PNG specification 8.2).</summary>
internal readonly record struct PngPass(int X0, int Y0, int Dx, int Dy, int Width, int Height)
{
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public bool IsEmpty => Width == 0 || Height == 0;

    public static IEnumerable<PngPass> Of(PngHeader header)
    {
        if (!header.Interlaced)
        {
            yield return new PngPass(0, 0, 1, 1, header.Width, header.Height);
            yield break;
        }
        foreach (var (x0, y0, dx, dy) in Adam7)
            yield return new PngPass(x0, y0, dx, dy, (header.Width - x0 + dx - 1) / dx, (header.Height - y0 + dy - 1) / dy);
    }
}
