using Reservoir.Sdk;

namespace Reservoir.Formats.Fits;

/// <summary>
/// Opens a FITS file: walks every header (seeking past data, so memory stays bounded whatever the file
/// size) and reads one HDU's data when asked. Corrupt, truncated or non-FITS input is a
/// <see cref="BadInputException"/> naming the source, the HDU and the card or byte offset.
/// </summary>
public sealed class FitsReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    private FitsReader(Stream stream, bool leaveOpen, string source, IReadOnlyList<FitsHdu> hdus)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Source = source;
        Hdus = hdus;
    }

    public string Source { get; }

    public IReadOnlyList<FitsHdu> Hdus { get; }

    internal Stream Stream => _stream;

    /// <summary>Opens a seekable stream; <paramref name="source"/> names it in error messages.</summary>
    public static FitsReader Open(Stream stream, string source, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("the FITS stream must be seekable", nameof(stream));
        var hdus = new List<FitsHdu>();
        long offset = 0;
        var length = stream.Length;
        while (offset + FitsHeaderReader.BlockSize <= length || hdus.Count == 0)
        {
            if (hdus.Count > 0 && !StartsExtension(stream, offset)) break; // trailing bytes after the last HDU are ignored
            var (header, dataOffset) = FitsHeaderReader.Read(stream, source, hdus.Count, offset);
            var primary = hdus.Count == 0;
            var dataBytes = FitsHdu.DataSize(header, primary);
            if (dataOffset + dataBytes > length)
                throw new BadInputException($"{source}: HDU {hdus.Count}: data of {dataBytes} bytes from byte {dataOffset} run past the end of the file ({length} bytes): truncated");
            hdus.Add(new FitsHdu(hdus.Count, header, KindOf(header, primary), dataOffset, dataBytes));
            offset = dataOffset + (dataBytes + FitsHeaderReader.BlockSize - 1) / FitsHeaderReader.BlockSize * FitsHeaderReader.BlockSize;
        }
        return new FitsReader(stream, leaveOpen, source, hdus);
    }

    public static FitsReader Open(string path) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), path);

    /// <summary>The data of image HDU <paramref name="hdu"/>, scaled, as float32 (see <see cref="FitsImage"/>).</summary>
    public FitsImage ReadImage(int hdu)
    {
        var h = Hdu(hdu);
        if (!h.HasImage) throw new BadInputException($"{Source}: HDU {hdu} ({h.Kind}, NAXIS={h.Axes.Count}) holds no image");
        var data = new float[checked((int)(h.DataBytes / (Math.Abs(h.Bitpix) / 8)))];
        new FitsImageDecoder(this, h).Read(0, data.AsSpan());
        return new FitsImage(h, data);
    }

    /// <summary>
    /// Reads plane <paramref name="plane"/> (NAXIS1 × NAXIS2 values; planes count over NAXIS3, NAXIS4, …) into
    /// float32 or float64 values, for data too large to read at once or needing float64 precision.
    /// </summary>
    public void ReadImagePlane(int hdu, long plane, Span<float> destination) => PlaneDecoder(hdu, plane, destination.Length, out var start).Read(start, destination);

    public void ReadImagePlane(int hdu, long plane, Span<double> destination) => PlaneDecoder(hdu, plane, destination.Length, out var start).Read(start, destination);

    /// <summary>The first HDU holding an image (the primary, or the first IMAGE extension).</summary>
    public FitsImage ReadFirstImage() =>
        ReadImage(Hdus.FirstOrDefault(h => h.HasImage)?.Index ?? throw new BadInputException($"{Source}: no HDU holds an image"));

    /// <summary>Binary table HDU <paramref name="hdu"/>; columns are read on demand.</summary>
    public FitsTable ReadTable(int hdu)
    {
        var h = Hdu(hdu);
        if (h.Kind != FitsHduKind.BinaryTable) throw new BadInputException($"{Source}: HDU {hdu} is {h.Kind}, not a BINTABLE");
        return new FitsTable(this, h);
    }

    /// <summary>The first BINTABLE extension (e.g. the LIGHTCURVE table of a Kepler/TESS file).</summary>
    public FitsTable ReadFirstTable() =>
        ReadTable(Hdus.FirstOrDefault(h => h.Kind == FitsHduKind.BinaryTable)?.Index ?? throw new BadInputException($"{Source}: no HDU is a binary table"));

    /// <summary>Opens <paramref name="path"/> and reads its first image.</summary>
    public static FitsImage ReadFirstImage(string path)
    {
        using var reader = Open(path);
        return reader.ReadFirstImage();
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private FitsHdu Hdu(int index) =>
        index >= 0 && index < Hdus.Count ? Hdus[index] : throw new ArgumentOutOfRangeException(nameof(index), $"{Source} has HDUs 0..{Hdus.Count - 1}");

    private FitsImageDecoder PlaneDecoder(int hdu, long plane, int length, out long start)
    {
        var h = Hdu(hdu);
        if (!h.HasImage) throw new BadInputException($"{Source}: HDU {hdu} holds no image");
        var planeSize = h.Axes.Count == 1 ? h.Axes[0] : h.Axes[0] * h.Axes[1];
        var planes = h.DataBytes / (Math.Abs(h.Bitpix) / 8) / planeSize;
        if (plane < 0 || plane >= planes) throw new ArgumentOutOfRangeException(nameof(plane), $"HDU {hdu} has planes 0..{planes - 1}");
        if (length != planeSize) throw new ArgumentException($"a plane holds {planeSize} values, the destination {length}");
        start = plane * planeSize;
        return new FitsImageDecoder(this, h);
    }

    private static bool StartsExtension(Stream stream, long offset)
    {
        Span<byte> head = stackalloc byte[9];
        stream.Position = offset;
        return stream.ReadAtLeast(head, 9, throwOnEndOfStream: false) == 9 && head.SequenceEqual("XTENSION="u8);
    }

    private static FitsHduKind KindOf(FitsHeader header, bool primary)
    {
        if (primary) return FitsHduKind.Primary;
        return header.GetString("XTENSION")?.TrimEnd() switch
        {
            "IMAGE" => FitsHduKind.Image,
            "BINTABLE" or "A3DTABLE" => FitsHduKind.BinaryTable,
            "TABLE" => FitsHduKind.AsciiTable,
            _ => FitsHduKind.Other,
        };
    }
}
