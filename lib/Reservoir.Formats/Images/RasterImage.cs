namespace Reservoir.Formats.Images;

/// <summary>
/// A decoded image: <see cref="Data"/> holds <c>Height × Width × Channels</c> float32 samples, row-major with
/// channels interleaved (<c>Data[(y * Width + x) * Channels + c]</c>), each stored sample divided by
/// <see cref="MaxSampleValue"/> so it lies in [0, 1]. Channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
/// Palette PNGs are expanded to RGB (RGBA when a tRNS chunk gives alpha) with 8-bit entries (max 255).
/// </summary>
public sealed class RasterImage
{
    public RasterImage(int width, int height, int channels, int maxSampleValue, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 4);
        if (data.Length != (long)width * height * channels)
            throw new ArgumentException($"a {width}×{height}×{channels} image needs {(long)width * height * channels} samples, got {data.Length}", nameof(data));
        Width = width;
        Height = height;
        Channels = channels;
        MaxSampleValue = maxSampleValue;
        Data = data;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>The stored value that maps to 1.0: 2^bitdepth − 1 for PNG, maxval for PGM.</summary>
    public int MaxSampleValue { get; }

    public float[] Data { get; }

    public float this[int x, int y, int channel] => Data[(y * Width + x) * Channels + channel];

    /// <summary>One channel as an <see cref="Preprocessing.ImagePlane"/> (a copy).</summary>
    public Preprocessing.ImagePlane Channel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        var plane = new float[Width * Height];
        for (var i = 0; i < plane.Length; i++) plane[i] = Data[i * Channels + channel];
        return new Preprocessing.ImagePlane(Width, Height, plane);
    }

    /// <summary>
    /// Luminance as one plane: gray as is, RGB by ITU-R 601 weights (0.299, 0.587, 0.114, as PIL's "L");
    /// alpha is ignored.
    /// </summary>
    public Preprocessing.ImagePlane ToGray()
    {
        if (Channels <= 2) return Channel(0);
        var plane = new float[Width * Height];
        for (var i = 0; i < plane.Length; i++)
        {
            var p = i * Channels;
            plane[i] = 0.299f * Data[p] + 0.587f * Data[p + 1] + 0.114f * Data[p + 2];
        }
        return new Preprocessing.ImagePlane(Width, Height, plane);
    }
}
