using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.VOL.Native;
using Reservoir.Formats.Bitshuffle;
using Reservoir.Sdk.Observations;

namespace Reservoir.Formats.Hdf5;

/// <summary>
/// The read path for the common Breakthrough Listen layout: float32 little-endian <c>data</c>, chunked,
/// compressed with bitshuffle+LZ4 alone. Reads each chunk's stored bytes itself and decodes a chunk straight
/// into the caller's destination when it fills a contiguous run of it (the energy-detection pattern: every
/// integration of whole (1, 1, n) chunks); other requests go through a bounded cache of decoded chunks.
/// PureHDF's own path allocates two chunk-sized arrays per chunk and copies each chunk twice.
/// Not thread-safe, like the observation that owns it.
/// </summary>
internal sealed class BitshuffleChunkReader : IDisposable
{
    private readonly Stream _stream;
    private readonly PureHdfChunkIndex _index;
    private readonly (int T, int I, int C) _chunk;
    private readonly (long T, long I, long C) _grid;
    private readonly DecodedChunkCache _cache;
    private byte[] _stored = [];

    private BitshuffleChunkReader(Stream stream, PureHdfChunkIndex index, ObservationShape shape, (int T, int I, int C) chunk)
    {
        _stream = stream;
        _index = index;
        _chunk = chunk;
        _grid = (CeilDiv(shape.Integrations, chunk.T), CeilDiv(shape.Ifs, chunk.I), CeilDiv(shape.Channels, chunk.C));
        _cache = new DecodedChunkCache(ChunkBytes);
    }

    private int ChunkBytes => _chunk.T * _chunk.I * _chunk.C * sizeof(float);

    /// <summary>A reader for <paramref name="data"/> when it has the layout above, else null (PureHDF reads it).</summary>
    public static BitshuffleChunkReader? TryCreate(NativeDataset data, Stream stream, ObservationShape shape)
    {
        if (!BitConverter.IsLittleEndian || data.Type.Class != H5DataTypeClass.FloatingPoint || data.Type.Size != 4) return null;
        if (data.Layout.Class != H5DataLayoutClass.Chunked || data.Layout.Chunks is not [var t, var i, var c]) return null;
        if ((double)t * i * c * sizeof(float) > 1L << 30) return null;
        var index = PureHdfChunkIndex.TryCreate(data);
        if (index is null) return null;
        if (!index.LittleEndian || index.Filters is not [(BitshuffleLz4Filter.Id, var parameters)] || parameters.Length < 5
            || parameters[2] != sizeof(float) || parameters[4] != BitshuffleLz4Filter.CompressionLz4)
        {
            index.Dispose();
            return null;
        }
        return new BitshuffleChunkReader(stream, index, shape, ((int)t, (int)i, (int)c));
    }

    /// <summary>
    /// Reads a validated block into <paramref name="output"/> (exactly its size). Returns false, having
    /// written part of the output at most, when a chunk needs PureHDF's path: never written (fill value) or
    /// stored with its filter skipped. Damaged chunks throw <see cref="InvalidDataException"/>.
    /// </summary>
    public bool TryRead(DataBlock block, Span<float> output)
    {
        var tEnd = block.TimeStart + block.TimeCount;
        var cEnd = block.ChannelStart + block.ChannelCount;
        var gi = block.If / _chunk.I;
        for (var gt = block.TimeStart / _chunk.T; gt <= (tEnd - 1) / _chunk.T; gt++)
        for (var gc = block.ChannelStart / _chunk.C; gc <= (cEnd - 1) / _chunk.C; gc++)
        {
            var linear = (gt * _grid.I + gi) * _grid.C + gc;
            var t0 = gt * _chunk.T;
            var c0 = gc * _chunk.C;
            var whole = _chunk.I == 1 && c0 == block.ChannelStart && _chunk.C == block.ChannelCount && t0 >= block.TimeStart && t0 + _chunk.T <= tEnd;
            if (whole)
            {
                var run = output.Slice((t0 - block.TimeStart) * block.ChannelCount, _chunk.T * _chunk.C);
                if (!TryDecode(linear, MemoryMarshal.AsBytes(run))) return false;
                continue;
            }
            var decoded = _cache.Find(linear);
            if (decoded is null)
            {
                var buffer = _cache.Add(linear);
                bool complete;
                try { complete = TryDecode(linear, buffer.AsSpan(0, ChunkBytes)); }
                catch
                {
                    _cache.Remove(linear); // never serve a half-decoded chunk later
                    throw;
                }
                if (!complete)
                {
                    _cache.Remove(linear);
                    return false;
                }
                decoded = buffer;
            }
            CopyIntersection(MemoryMarshal.Cast<byte, float>(decoded.AsSpan(0, ChunkBytes)), t0, block.If - gi * _chunk.I, c0, block, output);
        }
        return true;
    }

    /// <summary>Copies the rows a chunk (t, i, c order, full chunk extents) shares with the block.</summary>
    private void CopyIntersection(ReadOnlySpan<float> chunk, long t0, int ifInChunk, long c0, DataBlock block, Span<float> output)
    {
        var tFrom = Math.Max(t0, block.TimeStart);
        var tTo = Math.Min(t0 + _chunk.T, block.TimeStart + block.TimeCount);
        var cFrom = Math.Max(c0, block.ChannelStart);
        var count = (int)(Math.Min(c0 + _chunk.C, block.ChannelStart + block.ChannelCount) - cFrom);
        for (var t = tFrom; t < tTo; t++)
        {
            var source = (((t - t0) * _chunk.I) + ifInChunk) * _chunk.C + (cFrom - c0);
            var target = (t - block.TimeStart) * block.ChannelCount + (cFrom - block.ChannelStart);
            chunk.Slice((int)source, count).CopyTo(output.Slice((int)target, count));
        }
    }

    private bool TryDecode(long linear, Span<byte> destination)
    {
        if (_index.Locate(linear) is not { FilterMask: 0 } stored) return false;
        if (_stored.Length < stored.Size) _stored = GC.AllocateUninitializedArray<byte>((int)Math.Max(stored.Size, ChunkBytes / 2));
        var bytes = _stored.AsSpan(0, (int)stored.Size);
        ReadStored(stored, bytes);
        BitshuffleLz4.Decode(bytes, destination, sizeof(float));
        return true;
    }

    private void ReadStored(StoredChunk stored, Span<byte> into)
    {
        var read = 0;
        if (_stream is FileStream file)
        {
            // Positional reads leave the stream's position (which PureHDF relies on) untouched.
            int n;
            while (read < into.Length && (n = RandomAccess.Read(file.SafeFileHandle, into[read..], stored.Address + read)) > 0) read += n;
        }
        else
        {
            var position = _stream.Position;
            _stream.Position = stored.Address;
            read = _stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
            _stream.Position = position;
        }
        if (read < into.Length)
            throw new InvalidDataException($"chunk at byte {stored.Address} of {stored.Size} stored bytes runs past the end of the file ({read} bytes there)");
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    public void Dispose()
    {
        _cache.Dispose();
        _index.Dispose();
    }
}
