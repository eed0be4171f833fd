using System.Buffers;

namespace Reservoir.Formats.Hdf5;

/// <summary>
/// The most recently used decoded chunks, so that neighbouring partial reads decode a chunk once.
/// Bounded to 64 MiB and 32 chunks (always room for one); buffers come from and go back to the shared pool.
/// </summary>
internal sealed class DecodedChunkCache(int chunkBytes) : IDisposable
{
    private const long ByteBudget = 64L << 20;
    private readonly int _capacity = (int)Math.Clamp(ByteBudget / Math.Max(chunkBytes, 1), 1, 32);
    private readonly List<(long Index, byte[] Buffer)> _entries = []; // most recent first

    public byte[]? Find(long index)
    {
        var at = _entries.FindIndex(e => e.Index == index);
        if (at < 0) return null;
        var entry = _entries[at];
        _entries.RemoveAt(at);
        _entries.Insert(0, entry);
        return entry.Buffer;
    }

    /// <summary>A buffer of at least the chunk size for <paramref name="index"/>, evicting the least recent beyond capacity.</summary>
    public byte[] Add(long index)
    {
        byte[] buffer;
        if (_entries.Count >= _capacity)
        {
            buffer = _entries[^1].Buffer;
            _entries.RemoveAt(_entries.Count - 1);
        }
        else buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
        _entries.Insert(0, (index, buffer));
        return buffer;
    }

    public void Remove(long index)
    {
        var at = _entries.FindIndex(e => e.Index == index);
        if (at < 0) return;
        ArrayPool<byte>.Shared.Return(_entries[at].Buffer);
        _entries.RemoveAt(at);
    }

    public void Dispose()
    {
        foreach (var (_, buffer) in _entries) ArrayPool<byte>.Shared.Return(buffer);
        _entries.Clear();
    }
}
