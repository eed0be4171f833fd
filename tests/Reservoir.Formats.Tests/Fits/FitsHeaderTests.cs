using System.Numerics;
using Reservoir.Formats.Fits;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Fits;

public sealed class FitsHeaderTests
{
    [Fact]
    public void Open_AstropyHeader_ParsesEveryValueKind()
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("header.fits");
        // Quotes and '&' inside the text: astropy 5.2 writes such CONTINUE cards correctly but mis-joins them on reading.
        var longText = string.Concat(Enumerable.Repeat("a long value 'quoted' & more, ", 8));
        Python.RunScript("""
            import sys, warnings, numpy as np
            from astropy.io import fits
            warnings.simplefilter('ignore')
            h = fits.Header()
            h['OBJECT'] = ('M31 ', 'target name')
            h['EXPOSURE'] = (30.5, 'seconds')
            h['NCOMBINE'] = -12
            h['BIGREAL'] = 1.5e-300
            h['FLAG'] = True
            h['OFF'] = False
            h['CPLX'] = complex(1.5, -2.0)
            h['LONGSTR'] = sys.argv[2]
            h['HIERARCH ESO DET CHIP TEMP'] = -120.25
            h['EMPTY'] = ''
            h['COMMENT'] = 'first comment'
            h['HISTORY'] = 'made by a test'
            fits.PrimaryHDU(np.zeros((2, 2), np.float32), header=h).writeto(sys.argv[1])
            """, path, longText);

        using var reader = FitsReader.Open(path);
        var header = reader.Hdus[0].Header;
        Assert.Equal("M31", header.GetString("OBJECT"));
        Assert.True(header.TryGetCard("OBJECT", out var card));
        Assert.Equal("target name", card.Comment);
        Assert.Equal(30.5, header.GetDouble("EXPOSURE", 0));
        Assert.Equal(-12L, header.GetInt64("NCOMBINE"));
        Assert.Equal(1.5e-300, header.GetDouble("BIGREAL", 0));
        Assert.True(header.GetBoolean("FLAG", false));
        Assert.False(header.GetBoolean("OFF", true));
        Assert.Equal(new Complex(1.5, -2.0), header["CPLX"]);
        Assert.Equal(longText.TrimEnd(), header.GetString("LONGSTR"));
        Assert.Equal(-120.25, header.GetDouble("ESO DET CHIP TEMP", 0));
        Assert.Equal("", header.GetString("EMPTY"));
        var dictionary = header.ToDictionary();
        Assert.Equal(-32L, dictionary["BITPIX"]);
        Assert.Equal(new[] { "first comment" }, dictionary["COMMENT"]);
        Assert.Equal(new[] { "made by a test" }, dictionary["HISTORY"]);
        Assert.Equal(new[] { 1.5, -2.0 }, dictionary["CPLX"]);
    }

    [Fact]
    public void GetInt64_MalformedStructuralValue_ThrowsNamingCard()
    {
        var bytes = FitsBytes.Header("SIMPLE  =                    T", "BITPIX  =                   16", "NAXIS   =                  ABC");
        var e = Assert.Throws<BadInputException>(() => FitsReader.Open(new MemoryStream(bytes), "bad.fits"));
        Assert.Contains("bad.fits", e.Message);
        Assert.Contains("card 2 (NAXIS)", e.Message);
        Assert.Contains("byte 160", e.Message);
    }
}
