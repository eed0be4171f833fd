using PureHDF.VOL.Native;

namespace Reservoir.Formats.Hdf5;

/// <summary>
/// A writing chunk cache for writers that fill chunks one at a time, completely, in any order: when a
/// new chunk is requested, the chunk held so far is written out (PureHDF's default cache keeps every
/// chunk until the file is closed, which holds the whole dataset in memory). Memory: one chunk.
/// </summary>
/// <remarks>
/// PureHDF 2.2's per-request <c>chunkWriter</c> ignores its index argument and writes to the chunk it was
/// created for, so each held chunk is written with the writer that came with its own request.
/// </remarks>
internal sealed class SequentialWritingChunkCache : IWritingChunkCache
{
    private ulong _index;
    private Memory<byte>? _chunk;
    private Action<ulong, Memory<byte>>? _writer;

    public Memory<byte> GetChunk(ulong chunkIndex, Func<Memory<byte>> chunkAllocator, Action<ulong, Memory<byte>> chunkWriter)
    {
        if (_chunk is { } held && _index == chunkIndex) return held;
        WriteHeld();
        var chunk = chunkAllocator();
        _index = chunkIndex;
        _chunk = chunk;
        _writer = chunkWriter;
        return chunk;
    }

    public void Flush(Action<ulong, Memory<byte>> chunkWriter) => WriteHeld();

    private void WriteHeld()
    {
        if (_chunk is not { } held || _writer is not { } writer) return;
        _chunk = null;
        _writer = null;
        writer(_index, held);
    }
}
