using System.IO.Compression;
using Reservoir.Formats.Images;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Images;

public sealed class ImageReaderPgmTests
{
    [Theory]
    [InlineData("L", 255)]
    [InlineData("I", 65535)]
    public void Read_PilWrittenP5_DecodesExactly(string mode, int max)
    {
        Python.RequireModules("PIL", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("image.pgm");
        var output = Python.RunScript("""
            import sys, numpy as np
            from PIL import Image
            top = int(sys.argv[3])
            arr = (np.arange(7 * 5).reshape(5, 7) * 1237 % (top + 1)).astype(np.uint8 if top == 255 else np.int32)
            Image.fromarray(arr, sys.argv[2]).save(sys.argv[1])
            assert open(sys.argv[1], 'rb').read(2) == b'P5'
            print(*arr.ravel())
            """, path, mode, $"{max}");
        var expected = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();

        var image = ImageReader.Read(path);
        Assert.Equal((7, 5, 1, max), (image.Width, image.Height, image.Channels, image.MaxSampleValue));
        Assert.Equal(expected, image.Data.Select(v => (long)MathF.Round(v * max)));
    }

    [Fact]
    public void Read_AsciiP2WithComments_Decodes()
    {
        var text = "P2\n# a comment\n3 2 # width height\n1000\n0 1 2\n# row two\n500 999 1000\n";
        var image = ImageReader.Read(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text)), "a.pgm");
        Assert.Equal((3, 2, 1000), (image.Width, image.Height, image.MaxSampleValue));
        Assert.Equal(new[] { 0f, 0.001f, 0.002f, 0.5f, 0.999f, 1f }, image.Data.Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void Read_GzippedP5_DecodesSameAsPlain()
    {
        var pgm = "P5\n4 1\n255\n"u8.ToArray().Concat(new byte[] { 0, 10, 32, 255 }).ToArray();
        var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) zip.Write(pgm);
        gz.Position = 0;
        var image = ImageReader.Read(gz, "frame.pgm.gz");
        Assert.Equal(new[] { 0f, 10 / 255f, 32 / 255f, 1f }, image.Data.Select(v => MathF.Round(v * 255) / 255f));
        Assert.Equal(4, image.Width);
    }

    [Fact]
    public void Read_TruncatedP5_ThrowsNamingSizes()
    {
        var pgm = "P5 4 4 255 "u8.ToArray().Concat(new byte[10]).ToArray();
        var e = Assert.Throws<BadInputException>(() => ImageReader.Read(new MemoryStream(pgm), "cut.pgm"));
        Assert.Contains("cut.pgm", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Read_SampleAboveMaxval_ThrowsNamingSample()
    {
        var e = Assert.Throws<BadInputException>(() => ImageReader.Read(new MemoryStream("P2 2 1 10 3 11"u8.ToArray()), "m.pgm"));
        Assert.Contains("sample 1", e.Message);
    }
}
