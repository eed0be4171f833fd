using System.Buffers.Binary;
using Reservoir.Formats.Bitshuffle;
using Xunit;

namespace Reservoir.Formats.Tests.Bitshuffle;

/// <summary>The chunk format: round trips for every block/tail layout, and damaged chunks are refused.</summary>
public sealed class BitshuffleLz4Tests
{
    [Theory]
    [InlineData(2048, 0)]   // exactly one default block
    [InlineData(4012, 0)]   // a full block, a last block of 1960, 4 verbatim trailing elements
    [InlineData(7, 0)]      // only trailing elements
    [InlineData(1000, 256)] // explicit block size
    [InlineData(1 << 20, 0)]
    public void EncodeDecode_Floats_RoundTripExactly(int count, int blockElements)
    {
        var source = new byte[count * 4];
        new Random(count).NextBytes(source);
        var encoded = new byte[BitshuffleLz4.MaxEncodedLength(source.Length, 4, blockElements == 0 ? 2048 : blockElements)];
        var length = BitshuffleLz4.Encode(source, encoded, 4, blockElements);
        Assert.Equal((ulong)source.Length, BinaryPrimitives.ReadUInt64BigEndian(encoded));
        Assert.Equal((uint)(blockElements == 0 ? 8192 : blockElements * 4), BinaryPrimitives.ReadUInt32BigEndian(encoded.AsSpan(8)));
        // The trailing count % 8 elements are stored verbatim at the very end.
        var tail = count % 8 * 4;
        Assert.Equal(source.AsSpan(source.Length - tail).ToArray(), encoded.AsSpan(length - tail, tail).ToArray());

        var decoded = new byte[source.Length];
        BitshuffleLz4.Decode(encoded.AsSpan(0, length), decoded, 4);
        Assert.Equal(source, decoded);
    }

    [Fact]
    public void Decode_HeaderClaims2Pow40Bytes_ThrowsBeforeAllocating()
    {
        var chunk = new byte[64];
        BinaryPrimitives.WriteUInt64BigEndian(chunk, 1UL << 40);
        var e = Assert.Throws<InvalidDataException>(() => BitshuffleLz4.ReadUncompressedSize(chunk));
        Assert.Contains("1099511627776", e.Message);
    }

    [Fact]
    public void Decode_FlippedBytesInBlock_ThrowsInvalidData()
    {
        var source = new byte[8192 * 3];
        for (var i = 0; i < source.Length; i++) source[i] = (byte)(i * 7 % 13);
        var encoded = new byte[BitshuffleLz4.MaxEncodedLength(source.Length, 4, 2048)];
        var length = BitshuffleLz4.Encode(source, encoded, 4);
        var corrupt = encoded.AsSpan(0, length).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(corrupt.AsSpan(12), 1 << 30); // first block's length
        Assert.Throws<InvalidDataException>(() => BitshuffleLz4.Decode(corrupt, new byte[source.Length], 4));

        corrupt = encoded.AsSpan(0, length).ToArray();
        // The first LZ4 token and what follows it. (LZ4 has no checksum: a flip inside a literal run alone
        // decodes to wrong values undetected; damage to tokens, lengths and offsets is caught.)
        for (var i = 16; i < 40; i++) corrupt[i] ^= 0xFF;
        Assert.Throws<InvalidDataException>(() => BitshuffleLz4.Decode(corrupt, new byte[source.Length], 4));
    }
}
