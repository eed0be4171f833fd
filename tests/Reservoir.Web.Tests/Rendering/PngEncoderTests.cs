using System.Text;
using Reservoir.Web.Rendering;
using Reservoir.Web.Tests.Support;
using Xunit;

namespace Reservoir.Web.Tests.Rendering;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32_CheckString_MatchesStandardCheckValue()
    {
        // The CRC-32 catalogue's check value for "123456789".
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void EncodeRgb_Pixels_DecodeToTheSamePixels()
    {
        var rgb = new byte[5 * 3 * 3];
        for (var i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 17);

        var image = PngDecoder.Decode(PngEncoder.EncodeRgb(5, 3, rgb));

        Assert.Equal((5, 3), (image.Width, image.Height));
        Assert.Equal(rgb, image.Rgb);
    }

    [Fact]
    public void EncodeRgb_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeRgb(2, 2, new byte[11]));
    }
}

public sealed class ViridisTests
{
    [Fact]
    public void At_Ends_AreViridisEndColours()
    {
        Assert.Equal(((byte)0x44, (byte)0x01, (byte)0x54), Viridis.At(0));
        Assert.Equal(((byte)0xFD, (byte)0xE7, (byte)0x25), Viridis.At(1));
        Assert.Equal(Viridis.At(0), Viridis.At(double.NaN));
    }

    [Fact]
    public void At_IncreasingValues_GetBrighter()
    {
        // Viridis is monotonic in lightness; the sum of channels is a fair proxy at these steps.
        var sums = Enumerable.Range(0, 11).Select(i => Viridis.At(i / 10.0)).Select(c => c.R * 0.3 + c.G * 0.59 + c.B * 0.11).ToList();
        for (var i = 1; i < sums.Count; i++) Assert.True(sums[i] > sums[i - 1], $"luma at {i / 10.0} is not above {(i - 1) / 10.0}");
    }
}

public sealed class StampRendererTests
{
    [Fact]
    public void RenderPng_BrightLine_IsYellowOnPurple()
    {
        var values = new float[4 * 8];
        for (var t = 0; t < 4; t++) values[t * 8 + 3] = 10;

        var image = PngDecoder.Decode(StampRenderer.RenderPng(values, 4, 8));

        Assert.Equal((8, 4), (image.Width, image.Height));
        Assert.Equal(Viridis.At(1), image.Pixel(3, 2));
        Assert.Equal(Viridis.At(0), image.Pixel(0, 0));
    }

    [Fact]
    public void RenderPng_NonFiniteValues_DoNotThrow()
    {
        var image = PngDecoder.Decode(StampRenderer.RenderPng([float.NaN, float.PositiveInfinity, 1, 2], 2, 2));
        Assert.Equal(Viridis.At(0), image.Pixel(0, 0));
    }
}
