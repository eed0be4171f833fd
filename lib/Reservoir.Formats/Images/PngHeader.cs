using System.Buffers.Binary;
using Reservoir.Sdk;

namespace Reservoir.Formats.Images;

/// <summary>The IHDR chunk, validated (PNG specification section 11.2.2).</summary>
internal sealed record PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
{
    /// <summary>Samples per pixel as stored (a palette index counts as one).</summary>
    public int StoredChannels => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

    public int BitsPerPixel => StoredChannels * BitDepth;

    /// <summary>The byte distance the filters look back: bytes per complete pixel, at least 1.</summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    public long RowBytes(int pixels) => ((long)pixels * BitsPerPixel + 7) / 8;

    public static PngHeader Parse(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length != 13) throw new BadInputException($"{source}: IHDR has {data.Length} bytes, not 13");
        var width = BinaryPrimitives.ReadUInt32BigEndian(data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int depth = data[8], color = data[9];
        if (width == 0 || height == 0 || width > 1 << 24 || height > 1 << 24 || (long)width * height > 1L << 28)
            throw new BadInputException($"{source}: IHDR size {width}×{height} is empty or larger than 2^28 pixels");
        var allowed = color switch
        {
            0 => new[] { 1, 2, 4, 8, 16 },
            3 => new[] { 1, 2, 4, 8 },
            2 or 4 or 6 => new[] { 8, 16 },
            _ => throw new BadInputException($"{source}: IHDR colour type {color} is not 0, 2, 3, 4 or 6"),
        };
        if (!allowed.Contains(depth)) throw new BadInputException($"{source}: IHDR bit depth {depth} is not allowed with colour type {color}");
        if (data[10] != 0 || data[11] != 0) throw new BadInputException($"{source}: IHDR compression {data[10]} / filter method {data[11]} must be 0");
        if (data[12] > 1) throw new BadInputException($"{source}: IHDR interlace method {data[12]} is not 0 or 1");
        return new PngHeader((int)width, (int)height, depth, color, data[12] == 1);
    }
}
