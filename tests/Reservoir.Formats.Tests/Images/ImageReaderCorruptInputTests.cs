using Reservoir.Formats.Images;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Images;

public sealed class ImageReaderCorruptInputTests
{
    private static byte[] SmallPng()
    {
        Python.RequireModules("PIL", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("s.png");
        Python.RunScript("""
            import sys, numpy as np
            from PIL import Image
            Image.fromarray((np.arange(64 * 64) % 251).astype(np.uint8).reshape(64, 64), 'L').save(sys.argv[1])
            """, path);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void Read_FlippedByteInIdat_ThrowsCrcMismatchNamingChunk()
    {
        var png = SmallPng();
        png[png.Length - 20] ^= 0x40; // inside the last IDAT, before its CRC and IEND
        var e = Assert.Throws<BadInputException>(() => ImageReader.Read(new MemoryStream(png), "flip.png"));
        Assert.Contains("flip.png: chunk IDAT", e.Message);
        Assert.Contains("CRC mismatch", e.Message);
    }

    [Fact]
    public void Read_TruncatedPng_ThrowsTruncated()
    {
        var png = SmallPng();
        var e = Assert.Throws<BadInputException>(() => ImageReader.Read(new MemoryStream(png[..(png.Length / 2)]), "half.png"));
        Assert.Contains("half.png", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Read_NotAnImage_ThrowsNamingFirstBytes()
    {
        var e = Assert.Throws<BadInputException>(() => ImageReader.Read(new MemoryStream("SIMPLE  = T"u8.ToArray()), "x.fits"));
        Assert.Contains("not a PNG or PGM", e.Message);
        Assert.Contains("x.fits", e.Message);
    }
}
