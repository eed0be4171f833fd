using System.Buffers.Binary;
using System.Text;
using Reservoir.Sdk;

namespace Reservoir.Formats.Sigproc;

/// <summary>The parsed header: entries in file order and the offset where data begins.</summary>
internal sealed record SigprocHeader(List<KeyValuePair<string, object>> Entries, long DataOffset);

/// <summary>
/// Parses a SIGPROC header (<c>HEADER_START</c> … <c>HEADER_END</c>) from the start of a stream. Every
/// problem is a <see cref="BadInputException"/> naming the source, the byte offset and the keyword.
/// </summary>
internal static class SigprocHeaderParser
{
    /// <summary>Headers are a few hundred bytes; anything near this is not a header.</summary>
    public const int MaxHeaderBytes = 1 << 20;
    private const int MaxKeywordLength = 80;
    private const int MaxStringLength = 4096;

    public static SigprocHeader Parse(Stream stream, string source)
    {
        stream.Position = 0;
        var available = (int)Math.Min(stream.Length, MaxHeaderBytes);
        var bytes = new byte[available];
        stream.ReadExactly(bytes);
        var cursor = new Cursor(bytes, source);

        var first = cursor.ReadString("header start", MaxKeywordLength);
        if (first != SigprocKeywords.Start)
            throw new BadInputException($"{source}: offset 0: expected '{SigprocKeywords.Start}', found '{Printable(first)}'");

        var entries = new List<KeyValuePair<string, object>>();
        while (true)
        {
            var at = cursor.Position;
            if (at >= bytes.Length)
                throw new BadInputException($"{source}: no '{SigprocKeywords.End}' within the first {bytes.Length} bytes (header truncated or corrupt)");
            var keyword = cursor.ReadString("keyword", MaxKeywordLength);
            if (keyword == SigprocKeywords.End) return new SigprocHeader(entries, cursor.Position);
            if (SigprocKeywords.FrequencyTable.Contains(keyword))
                throw new BadInputException($"{source}: offset {at}: keyword '{keyword}' (a non-uniform frequency table) is not supported");
            if (!SigprocKeywords.Types.TryGetValue(keyword, out var type))
                throw new BadInputException($"{source}: offset {at}: unknown header keyword '{Printable(keyword)}'");
            if (entries.Exists(e => e.Key == keyword))
                throw new BadInputException($"{source}: offset {at}: keyword '{keyword}' appears twice");
            object value = type switch
            {
                SigprocValueType.Int32 => (long)cursor.ReadInt32(keyword),
                SigprocValueType.Int64 => cursor.ReadInt64(keyword),
                SigprocValueType.Int8 => (long)(sbyte)cursor.ReadByte(keyword),
                SigprocValueType.Double => cursor.ReadDouble(keyword),
                _ => cursor.ReadString(keyword, MaxStringLength),
            };
            entries.Add(new(keyword, value));
        }
    }

    private static string Printable(string text)
    {
        var clipped = text.Length > 40 ? text[..40] + "…" : text;
        return new string(clipped.Select(c => c is >= ' ' and <= '~' or '…' ? c : '?').ToArray());
    }

    private sealed class Cursor(byte[] bytes, string source)
    {
        public int Position { get; private set; }

        private ReadOnlySpan<byte> Take(int count, string what)
        {
            if (bytes.Length - Position < count)
                throw new BadInputException($"{source}: offset {Position}: header ends inside {what} (needs {count} bytes, {bytes.Length - Position} remain)");
            var span = bytes.AsSpan(Position, count);
            Position += count;
            return span;
        }

        public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

        public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

        public byte ReadByte(string what) => Take(1, what)[0];

        public double ReadDouble(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

        public string ReadString(string what, int maxLength)
        {
            var at = Position;
            var length = ReadInt32(what);
            if (length < 0 || length > maxLength)
                throw new BadInputException($"{source}: offset {at}: {what} has absurd string length {length} (0..{maxLength} expected)");
            return Encoding.Latin1.GetString(Take(length, what));
        }
    }
}
