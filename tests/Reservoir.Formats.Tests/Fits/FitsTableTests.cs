using Reservoir.Formats.Fits;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Fits;

public sealed class FitsTableTests
{
    private const string WriteTable = """
        import sys, numpy as np
        from astropy.io import fits
        n = 7
        i = np.arange(n)
        cols = [
            fits.Column(name='flag', format='L', array=(i % 3 == 0)),
            fits.Column(name='byte', format='B', array=(i * 40).astype(np.uint8)),
            fits.Column(name='short', format='I', array=(i * 1000 - 3000).astype(np.int16)),
            fits.Column(name='int', format='J', array=(i * 100000 - 7).astype(np.int32), null=-7),
            fits.Column(name='long', format='K', array=(i * 10**12 - 5)),
            fits.Column(name='float3', format='3E', array=(np.arange(3 * n, dtype=np.float32).reshape(n, 3) / 4)),
            fits.Column(name='double', format='D', array=np.where(i == 2, np.nan, i / 7.0)),
            fits.Column(name='name', format='6A', array=np.array(['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', ''])),
            fits.Column(name='bits', format='11X', array=np.array([[(r * 3 + b) % 2 == 0 or b == r for b in range(11)] for r in range(n)])),
            fits.Column(name='scaled', format='I', array=(i * 5 - 9).astype(np.int16)),
            fits.Column(name='ushort', format='I', array=(i * 9000).astype(np.uint16), bzero=32768),
        ]
        fits.HDUList([fits.PrimaryHDU(), fits.BinTableHDU.from_columns(cols, name='DATA')]).writeto(sys.argv[1])
        with fits.open(sys.argv[1], mode='update') as f:
            f[1].header['TSCAL10'] = 0.5
            f[1].header['TZERO10'] = 10.0
        d = fits.getdata(sys.argv[1], 1)
        assert d['scaled'][1] == 8.0, d['scaled']
        print('flag:', *['1' if v else '0' for v in d['flag']])
        for c in ['byte', 'short', 'long', 'float3', 'double', 'scaled', 'ushort']:
            print(c + ':', *[repr(float(v)) for v in np.asarray(d[c], dtype=np.float64).ravel()])
        raw = np.asarray(d['int'], dtype=np.float64)
        print('int:', *[repr(float(v)) for v in np.where(raw == -7, np.nan, raw)])
        print('intraw:', *[str(int(v)) for v in d['int']])
        print('name:', *['<' + v + '>' for v in d['name']])
        print('bits:', *['1' if b else '0' for b in np.asarray(d['bits']).ravel()])
        """;

    [Fact]
    public void ReadColumns_AstropyTableOfEveryFormat_MatchesAstropyValues()
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("table.fits");
        var expected = PythonValues.Parse(Python.RunScript(WriteTable, path));

        using var reader = FitsReader.Open(path);
        var table = reader.ReadFirstTable();
        Assert.Equal(7, table.RowCount);
        Assert.Equal(11, table.Columns.Count);
        Assert.Equal(expected["flag"].Select(v => (bool?)(v == "1")).ToArray(), table.ReadLogicals("flag"));
        foreach (var name in new[] { "byte", "short", "long", "float3", "double", "scaled", "ushort", "int" })
            Assert.Equal(PythonValues.Doubles(expected[name]), table.ReadDoubles(name));
        Assert.Equal(PythonValues.Longs(expected["intraw"]), table.ReadInt64("INT"));
        Assert.Equal(PythonValues.Doubles(expected["ushort"]).Select(v => (long)v).ToArray(), table.ReadInt64("ushort"));
        Assert.Equal(expected["name"].Select(v => v[1..^1]).ToArray(), table.ReadStrings("name"));
        Assert.Equal(expected["bits"].Select(v => v == "1").ToArray(), table.ReadBits("bits"));
        Assert.Equal(3, table.Column("float3").Repeat);
    }

    [Fact]
    public void ReadDoubles_LightCurveColumns_ReadTimeFluxAndQuality()
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("lc.fits");
        Python.RunScript("""
            import sys, numpy as np
            from astropy.io import fits
            t = 1325.0 + np.arange(100) * (2.0 / 1440)
            flux = (1000 + np.sin(np.arange(100) / 5.0)).astype(np.float32)
            flux[10] = np.nan
            q = np.zeros(100, np.int32); q[20] = 128
            cols = [fits.Column(name='TIME', format='D', unit='BTJD', array=t),
                    fits.Column(name='SAP_FLUX', format='E', unit='e-/s', array=flux),
                    fits.Column(name='PDCSAP_FLUX', format='E', array=flux * 2),
                    fits.Column(name='QUALITY', format='J', array=q)]
            fits.HDUList([fits.PrimaryHDU(), fits.BinTableHDU.from_columns(cols, name='LIGHTCURVE')]).writeto(sys.argv[1])
            """, path);
        using var reader = FitsReader.Open(path);
        var table = reader.ReadFirstTable();
        Assert.Equal("LIGHTCURVE", table.Header.GetString("EXTNAME"));
        var time = table.ReadDoubles("TIME");
        Assert.Equal(1325.0 + 99 * (2.0 / 1440), time[99]);
        Assert.Equal("BTJD", table.Column("TIME").Unit);
        var flux = table.ReadDoubles("PDCSAP_FLUX");
        Assert.True(double.IsNaN(flux[10]));
        Assert.Equal((double)(float)((1000 + Math.Sin(0.2)) * 2), flux[1], 3);
        Assert.Equal(128, table.ReadInt64("QUALITY")[20]);
    }

    [Fact]
    public void ReadDoubles_UnknownColumnOrWrongType_ThrowsNamingColumn()
    {
        Python.RequireModules("astropy", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("t.fits");
        Python.RunScript(WriteTable, path);
        using var reader = FitsReader.Open(path);
        var table = reader.ReadTable(1);
        var missing = Assert.Throws<BadInputException>(() => table.ReadDoubles("FLUX"));
        Assert.Contains("no column named FLUX", missing.Message);
        Assert.Contains("t.fits", missing.Message);
        var wrong = Assert.Throws<BadInputException>(() => table.ReadDoubles("name"));
        Assert.Contains("6A", wrong.Message);
        Assert.Throws<BadInputException>(() => reader.ReadTable(0));
    }
}
