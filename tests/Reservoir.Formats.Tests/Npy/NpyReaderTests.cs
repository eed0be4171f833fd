using Reservoir.Formats.Npy;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Npy;

public sealed class NpyReaderTests
{
    [Theory]
    [InlineData("<f4")]
    [InlineData(">f8")]
    [InlineData("<i2")]
    [InlineData("u1")]
    public void Open_NumpyWrittenArray_ReadsShapeAndValues(string dtype)
    {
        Python.RequireModules("numpy");
        using var dir = new TempDirectory();
        var path = dir.File("a.npy");
        Python.RunScript("""
            import sys, numpy as np
            a = (np.arange(2*3*5).reshape(2, 3, 5) * 3 % 101).astype(sys.argv[2])
            np.save(sys.argv[1], a)
            """, path, dtype);

        using var reader = NpyReader.Open(path);
        Assert.Equal([2L, 3L, 5L], reader.Shape);
        Assert.Equal(15, reader.ItemValues);
        var expected = Enumerable.Range(0, 30).Select(i => (float)(i * 3 % 101)).ToArray();
        Assert.Equal(expected, reader.ReadAll());
        var second = new float[15];
        reader.ReadItem(1, second);
        Assert.Equal(expected[15..], second);
    }

    [Fact]
    public void Open_Version2Header_Reads()
    {
        Python.RequireModules("numpy");
        using var dir = new TempDirectory();
        var path = dir.File("v2.npy");
        Python.RunScript("""
            import sys, numpy as np
            a = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
            with open(sys.argv[1], 'wb') as f:
                np.lib.format.write_array(f, a, version=(2, 0))
            """, path);
        using var reader = NpyReader.Open(path);
        Assert.Equal([4L, 3L], reader.Shape);
        Assert.Equal(-1f, reader.ReadAll()[0]);
        Assert.Equal(1f, reader.ReadAll()[^1]);
    }

    [Fact]
    public void Open_NotNpy_ThrowsBadInputNamingSource()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("x.npy"), "hello world, not numpy");
        var e = Assert.Throws<BadInputException>(() => NpyReader.Open(dir.File("x.npy")));
        Assert.Contains("x.npy", e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Open_TruncatedData_ThrowsBadInputWithSizes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.npy");
        using (var writer = new NpyWriter(File.Create(path), [4]))
        {
            writer.WriteItem([1, 2, 3, 4]);
            writer.WriteItem([5, 6, 7, 8]);
            writer.Finish();
        }
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(f.Length - 3);
        var e = Assert.Throws<BadInputException>(() => NpyReader.Open(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("(2, 4)", e.Message);
    }

    [Fact]
    public void Open_UnsupportedDtype_ThrowsNamingDtype()
    {
        Python.RequireModules("numpy");
        using var dir = new TempDirectory();
        var path = dir.File("c.npy");
        Python.RunScript("import sys, numpy as np; np.save(sys.argv[1], np.zeros(3, dtype=np.complex64))", path);
        var e = Assert.Throws<BadInputException>(() => NpyReader.Open(path));
        Assert.Contains("'<c8'", e.Message);
    }

    [Fact]
    public void Open_MalformedHeaderDict_ThrowsWithOffset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.npy");
        var header = "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }".PadRight(117) + "\n";
        File.WriteAllBytes(path, [0x93, .. "NUMPY"u8, 1, 0, 118, 0, .. System.Text.Encoding.ASCII.GetBytes(header), 0, 0, 0, 0]);
        var e = Assert.Throws<BadInputException>(() => NpyReader.Open(path));
        Assert.Contains("m.npy", e.Message);
        Assert.Contains("at byte", e.Message);
    }
}
