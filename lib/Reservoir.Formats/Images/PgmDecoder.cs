using Reservoir.Sdk;

namespace Reservoir.Formats.Images;

/// <summary>
/// Netpbm graymaps: P5 (binary; one byte per sample, two big-endian bytes when maxval &gt; 255) and P2 (ASCII).
/// '#' comments are allowed between header fields. Samples are divided by maxval.
/// </summary>
internal static class PgmDecoder
{
    public static RasterImage Decode(Stream stream, string source)
    {
        var reader = new PgmTokenReader(stream, source);
        var magic = reader.Token();
        var width = reader.Integer("width", 1, 1 << 24);
        var height = reader.Integer("height", 1, 1 << 24);
        var max = reader.Integer("maxval", 1, 65535);
        if ((long)width * height > 1L << 28) throw new BadInputException($"{source}: PGM size {width}×{height} is larger than 2^28 pixels");
        var data = new float[width * height];
        var scale = 1f / max;
        if (magic == "P2")
        {
            for (var i = 0; i < data.Length; i++) data[i] = reader.Integer($"sample {i}", 0, max) * scale;
            return new RasterImage(width, height, 1, max, data);
        }
        var bytesPerSample = max > 255 ? 2 : 1;
        var bytes = new byte[data.Length * bytesPerSample];
        var start = reader.Position + 2; // the token's last byte, then one whitespace byte, end the header
        stream.Position = start;
        var got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
            throw new BadInputException($"{source}: P5 data hold {got} bytes from byte {start}, a {width}×{height} image with maxval {max} needs {bytes.Length}: truncated");
        for (var i = 0; i < data.Length; i++)
        {
            var value = bytesPerSample == 1 ? bytes[i] : bytes[2 * i] << 8 | bytes[2 * i + 1];
            if (value > max) throw new BadInputException($"{source}: sample {i} is {value}, above maxval {max}");
            data[i] = value * scale;
        }
        return new RasterImage(width, height, 1, max, data);
    }

    /// <summary>Whitespace-separated ASCII tokens with '#' comments, read a byte at a time from the stream.</summary>
    private sealed class PgmTokenReader(Stream stream, string source)
    {
        /// <summary>Offset of the last byte of the last token read.</summary>
        public long Position { get; private set; }

        public string Token()
        {
            var token = new System.Text.StringBuilder();
            while (true)
            {
                var b = stream.ReadByte();
                if (b == '#' && token.Length == 0) { while (b is not ('\n' or '\r' or -1)) b = stream.ReadByte(); continue; }
                if (b is -1 or ' ' or '\t' or '\n' or '\r' or '\v' or '\f')
                {
                    if (token.Length > 0 || b == -1) return token.ToString();
                    continue;
                }
                token.Append((char)b);
                Position = stream.Position - 1;
                if (token.Length > 12) throw new BadInputException($"{source}: PGM header field at byte {Position} is too long");
            }
        }

        public int Integer(string field, int min, int max)
        {
            var text = Token();
            if (text.Length == 0) throw new BadInputException($"{source}: the file ends before the PGM {field}: truncated");
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                throw new BadInputException($"{source}: PGM {field} '{text}' at byte {Position} is not an integer in {min}..{max}");
            return value;
        }
    }
}
