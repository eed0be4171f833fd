using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace Reservoir.Formats.Bitshuffle;

/// <summary>
/// The bitshuffle+LZ4 chunk format written by the HDF5 bitshuffle filter (id 32008, compression 2):
/// a 12-byte header (uncompressed size as big-endian uint64, block size in bytes as big-endian uint32),
/// then per block a big-endian int32 compressed length and an LZ4 block of the bit-shuffled block.
/// Full blocks come first, then one last block of <c>(n % blockSize)</c> rounded down to a multiple of 8
/// elements, then the trailing <c>n % 8</c> elements copied verbatim (neither shuffled nor compressed).
/// </summary>
internal static class BitshuffleLz4
{
    public const int HeaderBytes = 12;

    /// <summary>bitshuffle's default: 8192 bytes of elements, a multiple of 8 elements, at least 128.</summary>
    public static int DefaultBlockElements(int elementSize) => Math.Max(8192 / elementSize / 8 * 8, 128);

    /// <summary>Uncompressed size recorded in a chunk's header (callers check it before allocating).</summary>
    public static long ReadUncompressedSize(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < HeaderBytes) throw new InvalidDataException($"chunk of {chunk.Length} bytes is shorter than the {HeaderBytes}-byte bitshuffle header");
        var size = BinaryPrimitives.ReadUInt64BigEndian(chunk);
        if (size > int.MaxValue) throw new InvalidDataException($"chunk header claims {size} uncompressed bytes (more than 2 GiB)");
        return (long)size;
    }

    /// <summary>
    /// Decodes a whole chunk into <paramref name="destination"/>, whose length must equal the header's
    /// uncompressed size. Throws <see cref="InvalidDataException"/> on any inconsistency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ReadOnlySpan<byte> chunk, Span<byte> destination, int elementSize)
    {
        var total = ReadUncompressedSize(chunk);
        if (total != destination.Length) throw new InvalidDataException($"chunk header says {total} uncompressed bytes, expected {destination.Length}");
        if (total % elementSize != 0) throw new InvalidDataException($"uncompressed size {total} is not a multiple of the element size {elementSize}");
        var blockBytes = BinaryPrimitives.ReadUInt32BigEndian(chunk[8..]);
        if (blockBytes == 0 || blockBytes % (8 * (uint)elementSize) != 0 || blockBytes > 1 << 30)
            throw new InvalidDataException($"block size {blockBytes} bytes is not a positive multiple of 8 elements of {elementSize} bytes");
        var count = (int)(total / elementSize);
        var blockElements = (int)(blockBytes / elementSize);

        var scratch = ArrayPool<byte>.Shared.Rent((int)blockBytes);
        try
        {
            var position = HeaderBytes;
            var done = 0;
            var lastBlock = count % blockElements / 8 * 8;
            while (count - done >= blockElements)
            {
                position = DecodeBlock(chunk, position, destination.Slice(done * elementSize, (int)blockBytes), scratch, blockElements, elementSize);
                done += blockElements;
            }
            if (lastBlock > 0)
            {
                position = DecodeBlock(chunk, position, destination.Slice(done * elementSize, lastBlock * elementSize), scratch, lastBlock, elementSize);
                done += lastBlock;
            }
            var leftover = (count - done) * elementSize;
            if (chunk.Length - position < leftover)
                throw new InvalidDataException($"chunk ends at byte {chunk.Length}, {leftover} trailing bytes expected at {position}");
            chunk.Slice(position, leftover).CopyTo(destination[(done * elementSize)..]);
        }
        finally { ArrayPool<byte>.Shared.Return(scratch); }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DecodeBlock(ReadOnlySpan<byte> chunk, int position, Span<byte> output, byte[] scratch, int elements, int elementSize)
    {
        if (chunk.Length - position < 4) throw new InvalidDataException($"chunk ends at byte {chunk.Length} where a block length was expected");
        var compressed = BinaryPrimitives.ReadInt32BigEndian(chunk[position..]);
        position += 4;
        if (compressed <= 0 || compressed > chunk.Length - position)
            throw new InvalidDataException($"block at byte {position - 4} claims {compressed} compressed bytes, {chunk.Length - position} remain");
        var bytes = elements * elementSize;
        var decoded = LZ4Codec.Decode(chunk.Slice(position, compressed), scratch.AsSpan(0, bytes));
        if (decoded != bytes) throw new InvalidDataException($"LZ4 block at byte {position - 4} is corrupt (decoded {decoded} of {bytes} bytes)");
        BitTranspose.Unshuffle(scratch.AsSpan(0, bytes), output, elements, elementSize);
        return position + compressed;
    }

    /// <summary>The most bytes <see cref="Encode"/> can produce for <paramref name="bytes"/> of input.</summary>
    public static int MaxEncodedLength(int bytes, int elementSize, int blockElements)
    {
        var blockBytes = blockElements * elementSize;
        var blocks = bytes / blockBytes + 1;
        return HeaderBytes + blocks * (4 + LZ4Codec.MaximumOutputSize(blockBytes)) + 8 * elementSize;
    }

    /// <summary>Encodes a whole chunk; returns the number of bytes written to <paramref name="destination"/>.</summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination, int elementSize, int blockElements = 0)
    {
        if (blockElements == 0) blockElements = DefaultBlockElements(elementSize);
        if (blockElements % 8 != 0 || blockElements <= 0) throw new ArgumentException($"block of {blockElements} elements is not a positive multiple of 8");
        if (source.Length % elementSize != 0) throw new ArgumentException($"{source.Length} bytes is not a whole number of {elementSize}-byte elements");
        var count = source.Length / elementSize;
        var blockBytes = blockElements * elementSize;
        BinaryPrimitives.WriteUInt64BigEndian(destination, (ulong)source.Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)blockBytes);

        var scratch = ArrayPool<byte>.Shared.Rent(blockBytes);
        try
        {
            var position = HeaderBytes;
            var done = 0;
            var lastBlock = count % blockElements / 8 * 8;
            while (count - done >= blockElements)
            {
                position = EncodeBlock(source.Slice(done * elementSize, blockBytes), destination, position, scratch, blockElements, elementSize);
                done += blockElements;
            }
            if (lastBlock > 0)
            {
                position = EncodeBlock(source.Slice(done * elementSize, lastBlock * elementSize), destination, position, scratch, lastBlock, elementSize);
                done += lastBlock;
            }
            var leftover = source[(done * elementSize)..];
            leftover.CopyTo(destination[position..]);
            return position + leftover.Length;
        }
        finally { ArrayPool<byte>.Shared.Return(scratch); }
    }

    private static int EncodeBlock(ReadOnlySpan<byte> block, Span<byte> destination, int position, byte[] scratch, int elements, int elementSize)
    {
        BitTranspose.Shuffle(block, scratch, elements, elementSize);
        var written = LZ4Codec.Encode(scratch.AsSpan(0, block.Length), destination[(position + 4)..], LZ4Level.L00_FAST);
        if (written <= 0) throw new InvalidOperationException("LZ4 encoder ran out of room (MaxEncodedLength is wrong)");
        BinaryPrimitives.WriteInt32BigEndian(destination[position..], written);
        return position + 4 + written;
    }
}
