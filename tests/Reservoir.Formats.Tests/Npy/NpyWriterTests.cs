using Reservoir.Formats.Npy;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Npy;

public sealed class NpyWriterTests
{
    private static float[] Item(int index, int values) =>
        Enumerable.Range(0, values).Select(v => index * 1000f + v + 0.25f * (v % 3) - 1e-7f * index).ToArray();

    private static string Write(TempDirectory dir, int count, params int[] itemShape)
    {
        var path = dir.File("stamps.npy");
        using var writer = new NpyWriter(File.Create(path), itemShape);
        for (var i = 0; i < count; i++) writer.WriteItem(Item(i, (int)writer.ItemValues));
        writer.Finish();
        return path;
    }

    [Theory]
    [InlineData(5, new[] { 3, 4 })]
    [InlineData(0, new[] { 16, 256 })]
    [InlineData(7, new[] { 9 })]
    public void Finish_NumpyLoads_ShapeDtypeAndEveryValue(int count, int[] itemShape)
    {
        Python.RequireModules("numpy");
        using var dir = new TempDirectory();
        var path = Write(dir, count, itemShape);
        var itemValues = itemShape.Aggregate(1, (a, b) => a * b);
        var expected = string.Join(",", Enumerable.Range(0, count).SelectMany(i => Item(i, itemValues)).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(dir.File("expected.txt"), expected);

        var output = Python.RunScript("""
            import sys, numpy as np
            a = np.load(sys.argv[1])
            text = open(sys.argv[2]).read()
            exp = np.array([float(x) for x in text.split(',')] if text else [], dtype=np.float32)
            assert a.dtype == np.dtype('<f4'), a.dtype
            assert a.flags['C_CONTIGUOUS']
            assert np.array_equal(a.ravel(), exp), (a.ravel()[:5], exp[:5])
            with open(sys.argv[1], 'rb') as f:
                major, minor = np.lib.format.read_magic(f)
                np.lib.format.read_array_header_1_0(f)
                offset = f.tell()
            print(a.shape, major, minor, offset % 64)
            """, path, dir.File("expected.txt"));

        var shape = "(" + string.Join(", ", new[] { count }.Concat(itemShape)) + (itemShape.Length == 0 ? ",)" : ")");
        Assert.Equal($"{shape} 1 0 0", output.Trim());
    }

    [Fact]
    public void WriteItem_WrongLength_ThrowsNamingSizes()
    {
        using var dir = new TempDirectory();
        using var writer = new NpyWriter(File.Create(dir.File("x.npy")), [2, 3]);
        var e = Assert.Throws<ArgumentException>(() => writer.WriteItem(new float[5]));
        Assert.Contains("6 values, got 5", e.Message);
    }

    [Fact]
    public void Finish_LargeCount_DataOffsetSameAsForEmptyArray()
    {
        using var dir = new TempDirectory();
        var empty = dir.File("empty.npy");
        using (var writer = new NpyWriter(File.Create(empty), [1])) writer.Finish();
        var path = dir.File("x.npy");
        using (var writer = new NpyWriter(File.Create(path), [1]))
        {
            for (var i = 0; i < 12345; i++) writer.WriteItem([i]);
            writer.Finish();
        }

        var headerLength = new FileInfo(empty).Length;
        Assert.Equal(0, headerLength % 64);
        Assert.Equal(headerLength + 12345 * 4, new FileInfo(path).Length);
        using var reader = NpyReader.Open(path);
        Assert.Equal(headerLength, reader.Header.DataOffset);
        Assert.Equal([12345L, 1L], reader.Shape);
        Assert.Equal(12344f, reader.ReadAll()[^1]);
    }
}
