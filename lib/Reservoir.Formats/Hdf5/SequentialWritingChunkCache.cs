using PureHDF.VOL.Native;

namespace Reservoir.Formats.Hdf5;

/// <summary>
/// A writing chunk cache for writers that fill chunks one at a time, completely, in any order: when a
/// new chunk is requested, every chunk held so far is written out (PureHDF's default cache keeps every
/// chunk until the file is closed, which holds the whole dataset in memory). Memory: one chunk.
/// </summary>
internal sealed class SequentialWritingChunkCache : IWritingChunkCache
{
    private ulong _index;
    private Memory<byte>? _chunk;

    public Memory<byte> GetChunk(ulong chunkIndex, Func<Memory<byte>> chunkAllocator, Action<ulong, Memory<byte>> chunkWriter)
    {
        if (_chunk is { } held && _index == chunkIndex) return held;
        Flush(chunkWriter);
        var chunk = chunkAllocator();
        _index = chunkIndex;
        _chunk = chunk;
        return chunk;
    }

    public void Flush(Action<ulong, Memory<byte>> chunkWriter)
    {
        if (_chunk is not { } held) return;
        _chunk = null;
        chunkWriter(_index, held);
    }
}
