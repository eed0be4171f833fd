using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Reservoir.Web.Tests.Support;

/// <summary>
/// Reads back the PNGs the site writes (8-bit RGB, filter 0), checking signature, chunk order and every
/// chunk's CRC-32 with an independent bitwise implementation — a test oracle, not a general decoder.
/// </summary>
internal static class PngDecoder
{
    public sealed record Image(int Width, int Height, byte[] Rgb)
    {
        public int DistinctColours() =>
            Enumerable.Range(0, Width * Height).Select(i => (Rgb[3 * i] << 16) | (Rgb[3 * i + 1] << 8) | Rgb[3 * i + 2]).Distinct().Count();

        public (byte R, byte G, byte B) Pixel(int x, int y) => (Rgb[3 * (y * Width + x)], Rgb[3 * (y * Width + x) + 1], Rgb[3 * (y * Width + x) + 2]);
    }

    public static Image Decode(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("not a PNG signature");
        var offset = 8;
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        var types = new List<string>();
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            if (crc != BitwiseCrc(png.AsSpan(offset + 4, 4 + length))) throw new InvalidDataException($"bad CRC in {type}");
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[9] != 2) throw new InvalidDataException("expected 8-bit RGB");
            }
            if (type == "IDAT") idat.Write(data);
            offset += 12 + length;
        }
        if (types[0] != "IHDR" || types[^1] != "IEND") throw new InvalidDataException($"chunk order {string.Join(",", types)}");
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        if (bytes.Length != height * (1 + width * 3)) throw new InvalidDataException($"image data is {bytes.Length} bytes for {width}x{height}");
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            if (bytes[y * (1 + width * 3)] != 0) throw new InvalidDataException($"row {y} uses a filter");
            Array.Copy(bytes, y * (1 + width * 3) + 1, rgb, y * width * 3, width * 3);
        }
        return new Image(width, height, rgb);
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
