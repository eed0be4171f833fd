using System.Buffers.Binary;
using System.Text;
using Reservoir.Sdk;

namespace Reservoir.Formats.Npy;

/// <summary>
/// Reads .npy files (format 1.0, 2.0 and 3.0, C order) as float32, converting from the stored numeric type
/// (<c>f4</c>, <c>f8</c>, <c>i1/i2/i4/i8</c>, <c>u1/u2/u4</c>, either byte order). Items along the first
/// dimension are read on demand, so a file of many stamps is never loaded whole. A malformed or truncated
/// file is a <see cref="BadInputException"/> naming the source and what was wrong.
/// </summary>
public sealed class NpyReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _elementSize;
    private readonly char _kind;
    private readonly bool _bigEndian;

    private NpyReader(Stream stream, bool leaveOpen, string source, NpyHeader header)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Source = source;
        Header = header;
        var descr = header.Descr;
        _bigEndian = descr[0] == '>';
        _kind = descr[1];
        _elementSize = int.Parse(descr.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Source { get; }

    public NpyHeader Header { get; }

    public IReadOnlyList<long> Shape => Header.Shape;

    /// <summary>Values in one item along the first dimension (product of the remaining dimensions).</summary>
    public long ItemValues => Shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>Opens a .npy stream (seekable), validating the header and the data length.</summary>
    public static NpyReader Open(Stream stream, string source, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("the .npy stream must be seekable", nameof(stream));
        var header = ReadHeader(stream, source);
        var reader = new NpyReader(stream, leaveOpen, source, header);
        var needed = header.DataOffset + header.Count * reader._elementSize;
        if (stream.Length < needed)
            throw new BadInputException($"{source}: .npy data is truncated: shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {needed} bytes, the file has {stream.Length}");
        return reader;
    }

    /// <summary>Opens a .npy file by path.</summary>
    public static NpyReader Open(string path) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read), path);

    /// <summary>Reads item <paramref name="index"/> of the first dimension (<see cref="ItemValues"/> values).</summary>
    public void ReadItem(long index, Span<float> destination)
    {
        if (Shape.Count == 0 || index < 0 || index >= Shape[0])
            throw new ArgumentOutOfRangeException(nameof(index), $"item {index} is outside 0..{(Shape.Count == 0 ? 0 : Shape[0]) - 1}");
        Read(index * ItemValues, destination[..checked((int)ItemValues)]);
    }

    /// <summary>Reads the whole array (C order) as float32.</summary>
    public float[] ReadAll()
    {
        var values = new float[checked((int)Header.Count)];
        Read(0, values);
        return values;
    }

    /// <summary>Reads <paramref name="destination"/>.Length values starting at flat element <paramref name="start"/>.</summary>
    public void Read(long start, Span<float> destination)
    {
        if (start < 0 || start + destination.Length > Header.Count)
            throw new ArgumentOutOfRangeException(nameof(start), $"elements {start}+{destination.Length} are outside 0..{Header.Count}");
        _stream.Position = Header.DataOffset + start * _elementSize;
        var buffer = new byte[Math.Min(destination.Length * _elementSize, 1 << 20)];
        var done = 0;
        while (done < destination.Length)
        {
            var n = Math.Min(destination.Length - done, buffer.Length / _elementSize);
            var bytes = buffer.AsSpan(0, n * _elementSize);
            _stream.ReadExactly(bytes);
            for (var i = 0; i < n; i++) destination[done + i] = Convert(bytes.Slice(i * _elementSize, _elementSize));
            done += n;
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private float Convert(ReadOnlySpan<byte> b) => (_kind, _elementSize, _bigEndian) switch
    {
        ('f', 4, false) => BinaryPrimitives.ReadSingleLittleEndian(b),
        ('f', 4, true) => BinaryPrimitives.ReadSingleBigEndian(b),
        ('f', 8, false) => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        ('f', 8, true) => (float)BinaryPrimitives.ReadDoubleBigEndian(b),
        ('i', 1, _) => (sbyte)b[0],
        ('u', 1, _) => b[0],
        ('i', 2, false) => BinaryPrimitives.ReadInt16LittleEndian(b),
        ('i', 2, true) => BinaryPrimitives.ReadInt16BigEndian(b),
        ('u', 2, false) => BinaryPrimitives.ReadUInt16LittleEndian(b),
        ('u', 2, true) => BinaryPrimitives.ReadUInt16BigEndian(b),
        ('i', 4, false) => BinaryPrimitives.ReadInt32LittleEndian(b),
        ('i', 4, true) => BinaryPrimitives.ReadInt32BigEndian(b),
        ('u', 4, false) => BinaryPrimitives.ReadUInt32LittleEndian(b),
        ('u', 4, true) => BinaryPrimitives.ReadUInt32BigEndian(b),
        ('i', 8, false) => BinaryPrimitives.ReadInt64LittleEndian(b),
        ('i', 8, true) => BinaryPrimitives.ReadInt64BigEndian(b),
        _ => throw new InvalidOperationException("unreachable: dtype checked at open"),
    };

    private static readonly HashSet<string> SupportedTypes = ["f4", "f8", "i1", "u1", "i2", "u2", "i4", "u4", "i8"];

    private static NpyHeader ReadHeader(Stream stream, string source)
    {
        var start = stream.Position;
        Span<byte> prefix = stackalloc byte[12];
        var got = stream.ReadAtLeast(prefix, 12, throwOnEndOfStream: false);
        if (got < 10 || !prefix[..6].SequenceEqual(NpyHeader.Magic))
            throw new BadInputException($"{source}: not a .npy file (no \\x93NUMPY magic at byte 0)");
        var major = prefix[6];
        long length;
        int lengthBytes;
        switch (major)
        {
            case 1: length = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]); lengthBytes = 2; break;
            case 2 or 3:
                if (got < 12) throw new BadInputException($"{source}: .npy header is truncated at byte {got}");
                length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]); lengthBytes = 4; break;
            default: throw new BadInputException($"{source}: .npy format version {major}.{prefix[7]} at byte 6 is not supported (1.0, 2.0, 3.0 are)");
        }
        var textStart = 8 + lengthBytes;
        if (length > 1 << 24) throw new BadInputException($"{source}: .npy header length {length} at byte 8 is implausible");
        var textBytes = new byte[length];
        stream.Position = start + textStart;
        if (stream.ReadAtLeast(textBytes, textBytes.Length, throwOnEndOfStream: false) < length)
            throw new BadInputException($"{source}: .npy header is truncated: it declares {length} bytes from byte {textStart}");
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(textBytes);
        var dict = new NpyHeaderParser(text, source, textStart).ParseDict();

        if (!dict.TryGetValue("descr", out var d) || d is not string descr)
            throw new BadInputException($"{source}: .npy header has no string 'descr': {text.Trim()}");
        if (!dict.TryGetValue("fortran_order", out var f) || f is not bool fortran)
            throw new BadInputException($"{source}: .npy header has no boolean 'fortran_order': {text.Trim()}");
        if (!dict.TryGetValue("shape", out var s) || s is not long[] shape)
            throw new BadInputException($"{source}: .npy header has no tuple 'shape': {text.Trim()}");
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '=') || !SupportedTypes.Contains(descr[1..]))
            throw new BadInputException($"{source}: .npy dtype '{descr}' is not supported (numeric: f4, f8, i1-i8, u1-u4)");
        if (descr[0] == '=') descr = (BitConverter.IsLittleEndian ? "<" : ">") + descr[1..];
        if (fortran && shape.Count(dim => dim > 1) > 1)
            throw new BadInputException($"{source}: .npy array is Fortran-ordered; only C order is supported");
        return new NpyHeader(descr, fortran, shape, start + textStart + length);
    }
}
