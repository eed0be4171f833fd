using Reservoir.Formats.Preprocessing;

namespace Reservoir.Formats.Fits;

/// <summary>
/// The pixels of one image HDU as float32, physical values: <c>BZERO + BSCALE × stored</c> (so the unsigned
/// conventions, e.g. BITPIX 16 with BZERO 32768, come out as their unsigned values), integer pixels equal to
/// BLANK as NaN, float NaNs kept. <see cref="Data"/> is in file order: NAXIS1 (x) fastest, then NAXIS2 (y),
/// then planes over NAXIS3, NAXIS4, …. Use <see cref="FitsReader.ReadImagePlane(int, long, Span{double})"/>
/// where float32 would round (32/64-bit integers).
/// </summary>
public sealed class FitsImage
{
    internal FitsImage(FitsHdu hdu, float[] data)
    {
        Hdu = hdu;
        Data = data;
    }

    public FitsHdu Hdu { get; }

    public FitsHeader Header => Hdu.Header;

    public IReadOnlyList<long> Axes => Hdu.Axes;

    public int Bitpix => Hdu.Bitpix;

    /// <summary>NAXIS1.</summary>
    public int Width => checked((int)Axes[0]);

    /// <summary>NAXIS2, or 1 for a one-dimensional image.</summary>
    public int Height => Axes.Count > 1 ? checked((int)Axes[1]) : 1;

    /// <summary>Product of NAXIS3 and above (1 for a 2-D image).</summary>
    public int PlaneCount => Data.Length / (Width * Height);

    public float[] Data { get; }

    /// <summary>A copy of plane <paramref name="index"/> as an <see cref="ImagePlane"/> (row y = NAXIS2 index).</summary>
    public ImagePlane Plane(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PlaneCount);
        var size = Width * Height;
        return new ImagePlane(Width, Height, Data.AsSpan(index * size, size).ToArray());
    }
}
