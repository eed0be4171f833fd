using System.Text;
using Reservoir.Storage.Gcs.Integrity;
using Xunit;

namespace Reservoir.Storage.Tests.Gcs.Integrity;

public sealed class Crc32cTests
{
    // Check value of the CRC-32C catalogue entry and the iSCSI test patterns of RFC 3720, appendix B.4.
    [Theory]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("", 0x00000000u)]
    public void Compute_KnownText_MatchesPublishedCheckValue(string text, uint expected)
    {
        Assert.Equal(expected, Crc32c.Compute(Encoding.ASCII.GetBytes(text)));
        Assert.Equal(expected, Crc32c.ComputeSoftware(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Compute_Rfc3720Patterns_MatchPublishedValues()
    {
        var zeros = new byte[32];
        var ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var ascending = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var descending = ascending.Reverse().ToArray();
        Assert.Equal(0x8A9136AAu, Crc32c.Compute(zeros));
        Assert.Equal(0x62A8AB43u, Crc32c.Compute(ones));
        Assert.Equal(0x46DD794Eu, Crc32c.Compute(ascending));
        Assert.Equal(0x113FDB5Cu, Crc32c.Compute(descending));
    }

    [Fact]
    public void Append_InPieces_EqualsWholeAndTablePath()
    {
        var data = new byte[100_003];
        new Random(5).NextBytes(data);
        var whole = Crc32c.Compute(data);
        var pieces = Crc32c.Append(Crc32c.Append(Crc32c.Append(0, data.AsSpan(0, 7)), data.AsSpan(7, 50_000)), data.AsSpan(50_007));
        Assert.Equal(whole, pieces);
        Assert.Equal(whole, Crc32c.ComputeSoftware(data));
    }

    [Fact]
    public void Base64_RoundTripsAndMatchesCloudStorageForm()
    {
        // The GCS emulator reports crc32c "yZRlqg==" for the 11 bytes "hello world" (big-endian 0xC99465AA).
        Assert.Equal("yZRlqg==", Crc32c.ToBase64(Crc32c.Compute("hello world"u8)));
        Assert.True(Crc32c.TryParseBase64("yZRlqg==", out var parsed));
        Assert.Equal(0xC99465AAu, parsed);
        Assert.False(Crc32c.TryParseBase64("not base64!", out _));
        Assert.False(Crc32c.TryParseBase64("AAAAAAAA", out _)); // six bytes, not four
    }
}
