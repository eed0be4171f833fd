using Reservoir.Formats.Bitshuffle;
using Xunit;

namespace Reservoir.Formats.Tests.Bitshuffle;

/// <summary>Every instruction level's transpose agrees with the bit-row definition and inverts the others.</summary>
[Collection(nameof(BitTransposeTests))] // lowers a static switch: keep these tests serial
public sealed class BitTransposeTests
{
    [Theory]
    [InlineData(8, 4)]
    [InlineData(120, 4)]
    [InlineData(128, 4)]
    [InlineData(2048, 4)]
    [InlineData(1000, 4)]
    [InlineData(136, 1)]
    [InlineData(264, 2)]
    [InlineData(392, 8)]
    [InlineData(256, 3)]
    [InlineData(2048 + 8 * 40, 4)] // AVX2 groups of 256, then an SSE group of 128, then scalar bytes
    [InlineData(256 * 3 + 8, 8)]
    [InlineData(512 + 24, 2)]
    public void Shuffle_RandomBlock_MatchesBitRowDefinitionOnEveryLevel(int count, int elementSize)
    {
        var elements = new byte[count * elementSize];
        new Random(count * 31 + elementSize).NextBytes(elements);
        var reference = ReferenceShuffle(elements, count, elementSize);

        foreach (var level in Enum.GetValues<TransposeLevel>().Where(l => l <= BitTranspose.Supported))
        {
            var previous = BitTranspose.Level;
            BitTranspose.Level = level;
            try
            {
                var shuffled = new byte[elements.Length];
                BitTranspose.Shuffle(elements, shuffled, count, elementSize);
                Assert.Equal(reference, shuffled);
                var back = new byte[elements.Length];
                BitTranspose.Unshuffle(shuffled, back, count, elementSize);
                Assert.Equal(elements, back);
            }
            finally { BitTranspose.Level = previous; }
        }
    }

    [Fact]
    public void Unshuffle_CountNotMultipleOf8_Throws()
    {
        Assert.Throws<ArgumentException>(() => BitTranspose.Unshuffle(new byte[40], new byte[40], 10, 4));
    }

    /// <summary>Row 8j+k, bit i = bit k of byte j of element i (LSB-first within each row byte).</summary>
    private static byte[] ReferenceShuffle(byte[] elements, int count, int elementSize)
    {
        var rowBytes = count / 8;
        var output = new byte[elements.Length];
        for (var i = 0; i < count; i++)
            for (var j = 0; j < elementSize; j++)
                for (var k = 0; k < 8; k++)
                    if ((elements[i * elementSize + j] >> k & 1) != 0)
                        output[(j * 8 + k) * rowBytes + i / 8] |= (byte)(1 << (i % 8));
        return output;
    }
}
