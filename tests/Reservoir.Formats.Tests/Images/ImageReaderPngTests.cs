using Reservoir.Formats.Images;
using Reservoir.Formats.Tests.Fits;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Images;

public sealed class ImageReaderPngTests
{
    [Theory]
    [InlineData(0, 1, 0, 13, 11)]
    [InlineData(0, 2, 1, 13, 11)]
    [InlineData(0, 4, 0, 9, 5)]
    [InlineData(0, 8, 1, 17, 9)]
    [InlineData(0, 16, 1, 13, 11)]
    [InlineData(0, 1, 1, 3, 2)]
    [InlineData(2, 8, 1, 10, 7)]
    [InlineData(2, 16, 0, 6, 5)]
    [InlineData(3, 1, 1, 13, 11)]
    [InlineData(3, 2, 0, 7, 3)]
    [InlineData(3, 4, 1, 9, 9)]
    [InlineData(3, 8, 0, 5, 4)]
    [InlineData(4, 8, 0, 6, 5)]
    [InlineData(4, 16, 1, 11, 9)]
    [InlineData(6, 8, 1, 12, 10)]
    [InlineData(6, 16, 0, 4, 3)]
    public void Read_EveryColourTypeDepthFilterAndInterlace_DecodesExactly(int color, int depth, int interlace, int width, int height)
    {
        Python.RequireModules("PIL", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("image.png");
        var expected = PythonValues.Parse(Python.RunScript(PngEncoderScript.Source, path, $"{color}", $"{depth}", $"{interlace}", $"{width}", $"{height}"));
        AssertDecoded(ImageReader.Read(path), width, height, expected);
    }

    [Theory]
    [InlineData("L")]
    [InlineData("LA")]
    [InlineData("RGB")]
    [InlineData("RGBA")]
    [InlineData("P")]
    [InlineData("I;16")]
    [InlineData("1")]
    public void Read_PilWrittenMode_DecodesExactly(string mode)
    {
        Python.RequireModules("PIL", "numpy");
        using var dir = new TempDirectory();
        var path = dir.File("pil.png");
        var expected = PythonValues.Parse(Python.RunScript("""
            import sys, numpy as np
            from PIL import Image
            mode, h, w = sys.argv[2], 19, 23
            rng = np.random.default_rng(7)
            if mode == 'I;16':
                arr = rng.integers(0, 65536, size=(h, w)).astype(np.uint16)
                im, samples, mx = Image.fromarray(arr, 'I;16'), arr[..., None], 65535
            elif mode == '1':
                arr = rng.integers(0, 2, size=(h, w)).astype(bool)
                im, samples, mx = Image.fromarray(arr).convert('1'), arr[..., None].astype(int), 1
            elif mode == 'P':
                im = Image.fromarray(rng.integers(0, 40, size=(h, w)).astype(np.uint8), 'L').convert('P')
                im.putpalette([int(v) for v in rng.integers(0, 256, size=768)])
                samples, mx = np.asarray(im.convert('RGB')), 255
            else:
                ch = {'L': 1, 'LA': 2, 'RGB': 3, 'RGBA': 4}[mode]
                arr = rng.integers(0, 256, size=(h, w, ch)).astype(np.uint8)
                im, samples, mx = Image.fromarray(arr.squeeze(), mode), arr, 255
            im.save(sys.argv[1])
            assert Image.open(sys.argv[1]).mode == {'I;16': 'I'}.get(im.mode, im.mode), Image.open(sys.argv[1]).mode  # PIL reopens 16-bit gray as I
            print('max:', mx)
            print('channels:', samples.shape[2])
            print('samples:', *[str(int(v)) for v in samples.ravel()])
            """, path, mode));
        AssertDecoded(ImageReader.Read(path), 23, 19, expected);
    }

    private static void AssertDecoded(RasterImage image, int width, int height, Dictionary<string, string[]> expected)
    {
        var max = int.Parse(expected["max"][0]);
        Assert.Equal((width, height, int.Parse(expected["channels"][0]), max), (image.Width, image.Height, image.Channels, image.MaxSampleValue));
        Assert.All(image.Data, v => Assert.InRange(v, 0f, 1f));
        var samples = image.Data.Select(v => (long)MathF.Round(v * max)).ToArray();
        Assert.Equal(PythonValues.Longs(expected["samples"]), samples);
    }
}
