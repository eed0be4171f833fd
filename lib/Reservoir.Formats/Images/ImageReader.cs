using System.IO.Compression;
using Reservoir.Sdk;

namespace Reservoir.Formats.Images;

/// <summary>
/// Reads PNG and PGM (P2 ASCII, P5 binary, 8/16-bit) images, also inside a gzip wrapper (.pgm.gz), recognised
/// by their first bytes rather than the file name. Damaged or unsupported input is a
/// <see cref="BadInputException"/> naming the source and what was wrong.
/// </summary>
public static class ImageReader
{
    /// <summary>Largest decompressed .gz image accepted (guards against a gzip bomb).</summary>
    public const long MaxDecompressedBytes = 1L << 30;

    public static RasterImage Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Decodes one image from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public static RasterImage Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffered = stream.CanSeek ? stream : Copy(stream, source);
        Span<byte> magic = stackalloc byte[8];
        var start = buffered.Position;
        var got = buffered.ReadAtLeast(magic, 8, throwOnEndOfStream: false);
        buffered.Position = start;
        magic = magic[..got];
        if (magic.StartsWith(PngDecoder.Signature)) return PngDecoder.Decode(buffered, source);
        if (magic.Length >= 2 && magic[0] == 'P' && magic[1] is (byte)'2' or (byte)'5') return PgmDecoder.Decode(buffered, source);
        if (magic.Length >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            using var gzip = new GZipStream(buffered, CompressionMode.Decompress, leaveOpen: true);
            MemoryStream inner;
            try { inner = Copy(gzip, source); }
            catch (InvalidDataException e) { throw new BadInputException($"{source}: damaged gzip data: {e.Message}", e); }
            return Read(inner, source + " (gunzipped)");
        }
        throw new BadInputException($"{source}: not a PNG or PGM image (first bytes {Convert.ToHexString(magic)})");
    }

    private static MemoryStream Copy(Stream stream, string source)
    {
        var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            if (memory.Length + n > MaxDecompressedBytes) throw new BadInputException($"{source}: more than {MaxDecompressedBytes} bytes");
            memory.Write(buffer, 0, n);
        }
        memory.Position = 0;
        return memory;
    }
}
