using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Reservoir.Formats.Npy;

/// <summary>
/// Streams a float32 C-order array of shape (N, item shape…) to a .npy file when N is known only at the end:
/// items are appended one at a time, and <see cref="Finish"/> rewrites the header in place with the final N.
/// The header is written at the size it would take for the largest N, so the patch never moves the data;
/// the data always starts at a multiple of 64 bytes. Format 1.0, dtype <c>&lt;f4</c>.
/// The stream must be seekable and writable (a scratch file); until <see cref="Finish"/> the file says N = 0.
/// </summary>
public sealed class NpyWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _start;
    private readonly int _headerLength;
    private readonly long[] _itemShape;
    private bool _finished;

    public NpyWriter(Stream stream, IReadOnlyList<int> itemShape, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanWrite) throw new ArgumentException("the .npy stream must be seekable and writable", nameof(stream));
        if (itemShape.Any(d => d <= 0)) throw new ArgumentException($"item shape ({string.Join(", ", itemShape)}) has a non-positive dimension", nameof(itemShape));
        _stream = stream;
        _leaveOpen = leaveOpen;
        _itemShape = itemShape.Select(d => (long)d).ToArray();
        ItemValues = _itemShape.Aggregate(1L, (a, b) => a * b);
        _start = stream.Position;
        _headerLength = NpyHeader.AlignedLength(NpyHeader.DictText("<f4", [long.MaxValue, .. _itemShape]));
        if (_headerLength - 10 > ushort.MaxValue) throw new ArgumentException("item shape has too many dimensions for a .npy 1.0 header", nameof(itemShape));
        WriteHeader(0);
    }

    /// <summary>Values in one item (product of the item shape).</summary>
    public long ItemValues { get; }

    /// <summary>Items written so far (the final first dimension).</summary>
    public long Count { get; private set; }

    /// <summary>Appends one item of exactly <see cref="ItemValues"/> values, C order.</summary>
    public void WriteItem(ReadOnlySpan<float> values)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (values.Length != ItemValues) throw new ArgumentException($"an item has {ItemValues} values, got {values.Length}", nameof(values));
        if (BitConverter.IsLittleEndian)
        {
            _stream.Write(MemoryMarshal.AsBytes(values));
        }
        else
        {
            Span<byte> four = stackalloc byte[4];
            foreach (var v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(four, v);
                _stream.Write(four);
            }
        }
        Count++;
    }

    /// <summary>Patches the header with the final count, leaves the stream positioned at the end, and flushes.</summary>
    public void Finish()
    {
        if (_finished) return;
        var end = _stream.Position;
        _stream.Position = _start;
        WriteHeader(Count);
        _stream.Position = end;
        _stream.Flush();
        _finished = true;
    }

    public void Dispose()
    {
        _finished = true;
        if (!_leaveOpen) _stream.Dispose();
    }

    private void WriteHeader(long count) =>
        _stream.Write(NpyHeader.Encode(NpyHeader.DictText("<f4", [count, .. _itemShape]), _headerLength));
}
