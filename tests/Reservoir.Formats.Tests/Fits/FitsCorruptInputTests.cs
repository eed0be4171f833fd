using Reservoir.Formats.Fits;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Fits;

public sealed class FitsCorruptInputTests
{
    private static readonly string[] Image16 = ["SIMPLE  =                    T", "BITPIX  =                   16", "NAXIS   =                    2", "NAXIS1  =                  100", "NAXIS2  =                  100"];

    [Fact]
    public void Open_NotFits_ThrowsNamingSimple()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(new string('x', 3000));
        var e = Assert.Throws<BadInputException>(() => FitsReader.Open(new MemoryStream(bytes), "png.fits"));
        Assert.Contains("png.fits: HDU 0", e.Message);
        Assert.Contains("SIMPLE", e.Message);
    }

    [Fact]
    public void Open_BinaryGarbageInHeader_ThrowsNamingByteOffset()
    {
        var bytes = FitsBytes.Header(Image16);
        bytes[250] = 0x01;
        var e = Assert.Throws<BadInputException>(() => FitsReader.Open(new MemoryStream(bytes), "g.fits"));
        Assert.Contains("byte 250", e.Message);
    }

    [Fact]
    public void Open_HeaderWithoutEnd_ThrowsTruncated()
    {
        var bytes = FitsBytes.Header(Image16)[..2000];
        var e = Assert.Throws<BadInputException>(() => FitsReader.Open(new MemoryStream(bytes), "t.fits"));
        Assert.Contains("no END card", e.Message);
    }

    [Fact]
    public void Open_DataShorterThanAxes_ThrowsNamingHduAndSizes()
    {
        var bytes = FitsBytes.Header(Image16).Concat(new byte[5000]).ToArray();
        var e = Assert.Throws<BadInputException>(() => FitsReader.Open(new MemoryStream(bytes), "short.fits"));
        Assert.Contains("HDU 0", e.Message);
        Assert.Contains("20000 bytes", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Open_UnsupportedBitpix_ThrowsNamingCard()
    {
        var cards = Image16.ToArray();
        cards[1] = "BITPIX  =                   12";
        var e = Assert.Throws<BadInputException>(() => FitsReader.Open(new MemoryStream(FitsBytes.Header(cards)), "b.fits"));
        Assert.Contains("BITPIX", e.Message);
    }

    [Fact]
    public void Open_AstropyFileCutInsideExtension_ThrowsNamingThatHdu()
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("cut.fits");
        Python.RunScript("""
            import sys, numpy as np
            from astropy.io import fits
            fits.HDUList([fits.PrimaryHDU(np.ones((10, 10))), fits.ImageHDU(np.ones((50, 50)))]).writeto(sys.argv[1])
            """, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 8000)]);
        var e = Assert.Throws<BadInputException>(() => FitsReader.Open(path));
        Assert.Contains("cut.fits: HDU 1", e.Message);
    }
}
