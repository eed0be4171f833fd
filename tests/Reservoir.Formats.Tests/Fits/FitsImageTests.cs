using Reservoir.Formats.Fits;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Fits;

public sealed class FitsImageTests
{
    // Each case: numpy expression for the data astropy writes, then header cards set before writing raw.
    [Theory]
    [InlineData("uint8", "np.arange(60).reshape(3,4,5) * 4 % 256")]
    [InlineData("int16", "np.arange(60).reshape(4,15) * 1000 - 30000")]
    [InlineData("int32", "np.arange(60).reshape(6,10) * 70000001 - 2100000000")]
    [InlineData("int64", "(np.arange(60).reshape(6,10) - 30) * 300000000000000")]
    [InlineData("float32", "np.where(np.arange(60) % 7 == 0, np.nan, np.arange(60) / 3.0).reshape(6,10)")]
    [InlineData("float64", "(np.arange(60).reshape(2,3,10) - 7) / 9.0")]
    [InlineData("uint16", "np.arange(60).reshape(6,10) * 1111")]
    [InlineData("uint32", "np.arange(60).reshape(6,10) * 71582788")]
    [InlineData("uint64", "np.array([0, 1, 12345, 2**40, 2**63, 2**63 + 4096, 2**64 - 4096, 7], dtype=np.uint64).reshape(2,4)")]
    [InlineData("int8", "np.arange(60).reshape(6,10) * 4 - 120")]
    public void ReadImage_AstropyWrittenBitpix_MatchesAstropyValues(string dtype, string expression)
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("image.fits");
        var output = Python.RunScript($$"""
            import sys, numpy as np
            from astropy.io import fits
            data = np.asarray({{expression}}).astype('{{dtype}}')
            fits.PrimaryHDU(data).writeto(sys.argv[1])
            back = fits.getdata(sys.argv[1])
            assert (back.dtype.kind, back.dtype.itemsize) == (data.dtype.kind, data.dtype.itemsize) and np.array_equal(back, data, equal_nan=True), back.dtype
            print('bitpix:', fits.getheader(sys.argv[1])['BITPIX'])
            print('shape:', *data.shape[::-1])
            print('values:', *[repr(float(v)) for v in data.ravel()])
            """, path);
        var expected = PythonValues.Parse(output);
        var values = PythonValues.Doubles(expected["values"]);

        using var reader = FitsReader.Open(path);
        var image = reader.ReadFirstImage();
        Assert.Equal(int.Parse(expected["bitpix"][0]), image.Bitpix);
        Assert.Equal(PythonValues.Longs(expected["shape"]), image.Axes);
        Assert.Equal(values.Select(v => (float)v).ToArray(), image.Data);
        var planeSize = image.Width * image.Height;
        for (var p = 0; p < image.PlaneCount; p++)
        {
            var plane = new double[planeSize];
            reader.ReadImagePlane(0, p, plane);
            Assert.Equal(values.AsSpan(p * planeSize, planeSize).ToArray(), plane);
        }
    }

    [Fact]
    public void ReadImage_ScaledWithBlank_AppliesScaleAndBlankAsNaN()
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("scaled.fits");
        var output = Python.RunScript("""
            import sys, numpy as np
            from astropy.io import fits
            raw = (np.arange(24, dtype=np.int16).reshape(4, 6) * 3 - 20)
            raw[1, 2] = -32768
            fits.PrimaryHDU(raw).writeto(sys.argv[1])
            with fits.open(sys.argv[1], mode='update', do_not_scale_image_data=True) as f:
                f[0].header['BSCALE'] = 0.25
                f[0].header['BZERO'] = 100.5
                f[0].header['BLANK'] = -32768
            back = fits.getdata(sys.argv[1])
            print('values:', *[repr(float(v)) for v in back.ravel()])
            """, path);
        var values = PythonValues.Doubles(PythonValues.Parse(output)["values"]);
        Assert.True(double.IsNaN(values[8]));

        var image = FitsReader.ReadFirstImage(path);
        Assert.Equal(values.Select(v => (float)v).ToArray(), image.Data);
        Assert.Equal(100.5f + 0.25f * -20, image.Plane()[0, 0]);
        Assert.True(float.IsNaN(image.Plane()[2, 1]));
    }

    [Fact]
    public void ReadFirstImage_EmptyPrimaryThenImageExtension_ReadsExtensionPlanes()
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("ext.fits");
        Python.RunScript("""
            import sys, numpy as np
            from astropy.io import fits
            cube = np.arange(2*3*4, dtype=np.float32).reshape(2, 3, 4)
            fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(cube, name='SCI'), fits.ImageHDU(np.zeros(3))]).writeto(sys.argv[1])
            """, path);
        using var reader = FitsReader.Open(path);
        Assert.Equal(3, reader.Hdus.Count);
        Assert.False(reader.Hdus[0].HasImage);
        Assert.Equal(FitsHduKind.Image, reader.Hdus[1].Kind);
        var image = reader.ReadFirstImage();
        Assert.Equal(1, image.Hdu.Index);
        Assert.Equal("SCI", image.Header.GetString("EXTNAME"));
        Assert.Equal((4, 3, 2), (image.Width, image.Height, image.PlaneCount));
        var second = image.Plane(1);
        Assert.Equal(12f, second[0, 0]);
        Assert.Equal(12f + 2 * 4 + 3, second[3, 2]);
        Assert.Equal([0f, 0f, 0f], reader.ReadImage(2).Data);
    }
}
