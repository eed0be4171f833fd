namespace Reservoir.Formats.Preprocessing;

/// <summary>
/// One single-channel float32 image, row-major: <c>Data[y * Width + x]</c>. NaN marks a missing pixel
/// (e.g. a FITS BLANK). The data array is shared, not copied.
/// </summary>
public sealed class ImagePlane
{
    public ImagePlane(int width, int height, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)width * height)
            throw new ArgumentException($"a {width}×{height} plane needs {(long)width * height} values, got {data.Length}", nameof(data));
        Width = width;
        Height = height;
        Data = data;
    }

    public ImagePlane(int width, int height) : this(width, height, new float[checked(width * height)]) { }

    public int Width { get; }

    public int Height { get; }

    public float[] Data { get; }

    public float this[int x, int y]
    {
        get => Data[y * Width + x];
        set => Data[y * Width + x] = value;
    }
}
