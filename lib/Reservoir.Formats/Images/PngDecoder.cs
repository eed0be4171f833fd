using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Reservoir.Sdk;

namespace Reservoir.Formats.Images;

/// <summary>
/// Our PNG decoder: every chunk's CRC checked; IHDR, PLTE, tRNS (palette alpha), IDAT and IEND used;
/// unknown ancillary chunks skipped, unknown critical chunks rejected; zlib via <see cref="ZLibStream"/>;
/// filters 0–4; bit depths 1/2/4/8/16; Adam7. A colour-key tRNS on gray or RGB images is ignored (no alpha is
/// synthesised), as PIL leaves such images in their own mode.
/// </summary>
internal static class PngDecoder
{
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static RasterImage Decode(Stream stream, string source)
    {
        stream.Position += 8;
        PngHeader? header = null;
        byte[]? palette = null;
        byte[]? alpha = null;
        using var compressed = new MemoryStream();
        var head = new byte[8];
        while (true)
        {
            var offset = stream.Position;
            if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8)
                throw new BadInputException($"{source}: the file ends at byte {offset} before the IEND chunk: truncated");
            var length = BinaryPrimitives.ReadUInt32BigEndian(head);
            var type = Encoding.ASCII.GetString(head, 4, 4);
            if (length > int.MaxValue || offset + 12 + length > stream.Length)
                throw new BadInputException($"{source}: chunk {type} at byte {offset} declares {length} bytes, past the end of the file: truncated");
            var data = new byte[length + 4];
            stream.ReadExactly(data);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)length));
            if (PngCrc.Compute(head.AsSpan(4, 4), data.AsSpan(0, (int)length)) != crc)
                throw new BadInputException($"{source}: chunk {type} at byte {offset}: CRC mismatch (damaged file)");
            var body = data.AsSpan(0, (int)length);
            if (header is null && type != "IHDR") throw new BadInputException($"{source}: the first chunk is {type}, not IHDR");
            switch (type)
            {
                case "IHDR": header = PngHeader.Parse(body, source); break;
                case "PLTE":
                    if (length % 3 != 0 || length == 0 || length > 768) throw new BadInputException($"{source}: PLTE of {length} bytes is not 1–256 RGB entries");
                    palette = body.ToArray();
                    break;
                case "tRNS": if (header!.ColorType == 3) alpha = body.ToArray(); break;
                case "IDAT": compressed.Write(body); break;
                case "IEND": return Build(header!, palette, alpha, Inflate(header!, compressed, source), source);
                default:
                    if (char.IsUpper(type[0])) throw new BadInputException($"{source}: unknown critical chunk {type} at byte {offset}");
                    break;
            }
        }
    }

    private static byte[] Inflate(PngHeader header, MemoryStream compressed, string source)
    {
        long size = 0;
        foreach (var pass in PngPasses(header)) size += pass.Height * (1 + header.RowBytes(pass.Width));
        var raw = new byte[checked((int)size)];
        compressed.Position = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            var got = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (got < raw.Length) throw new BadInputException($"{source}: IDAT data hold {got} bytes, the image needs {raw.Length}: truncated");
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException($"{source}: IDAT zlib stream is damaged: {e.Message}", e);
        }
        return raw;
    }

    private static IEnumerable<PngPass> PngPasses(PngHeader header) => PngPass.Of(header).Where(p => !p.IsEmpty);

    private static RasterImage Build(PngHeader header, byte[]? palette, byte[]? alpha, byte[] raw, string source)
    {
        var indexed = header.ColorType == 3;
        if (indexed && palette is null) throw new BadInputException($"{source}: palette image without a PLTE chunk");
        var channels = indexed ? (alpha is null ? 3 : 4) : header.StoredChannels;
        var max = indexed ? 255 : (1 << header.BitDepth) - 1;
        var scale = 1f / max;
        var data = new float[header.Width * header.Height * channels];
        var at = 0;
        foreach (var pass in PngPasses(header))
        {
            var rowBytes = (int)header.RowBytes(pass.Width);
            var previous = new byte[rowBytes];
            var row = new byte[rowBytes];
            for (var y = 0; y < pass.Height; y++)
            {
                var filter = raw[at];
                raw.AsSpan(at + 1, rowBytes).CopyTo(row);
                PngFilters.Undo(filter, row, previous, header.FilterStride, source, at);
                at += 1 + rowBytes;
                var outY = pass.Y0 + y * pass.Dy;
                for (var x = 0; x < pass.Width; x++)
                {
                    var o = (outY * header.Width + pass.X0 + x * pass.Dx) * channels;
                    if (indexed)
                    {
                        var index = Sample(row, x, header.BitDepth);
                        if (index * 3 >= palette!.Length) throw new BadInputException($"{source}: palette index {index} at pixel ({pass.X0 + x * pass.Dx}, {outY}) is beyond the {palette.Length / 3}-entry PLTE");
                        for (var c = 0; c < 3; c++) data[o + c] = palette[index * 3 + c] * scale;
                        if (alpha is not null) data[o + 3] = (index < alpha.Length ? alpha[index] : 255) * scale;
                    }
                    else
                        for (var c = 0; c < channels; c++) data[o + c] = Sample(row, x * channels + c, header.BitDepth) * scale;
                }
                (previous, row) = (row, previous);
            }
        }
        return new RasterImage(header.Width, header.Height, channels, max, data);
    }

    /// <summary>Sample <paramref name="index"/> of an unfiltered row (sub-byte samples packed most significant first).</summary>
    private static int Sample(byte[] row, int index, int depth) => depth switch
    {
        16 => row[index * 2] << 8 | row[index * 2 + 1],
        8 => row[index],
        _ => row[index * depth >> 3] >> (8 - depth - (index * depth & 7)) & ((1 << depth) - 1),
    };
}
