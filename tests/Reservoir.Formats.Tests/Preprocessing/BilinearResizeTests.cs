using Reservoir.Formats.Npy;
using Reservoir.Formats.Preprocessing;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Preprocessing;

public sealed class BilinearResizeTests
{
    // Known outputs of torch.nn.functional.interpolate(x, size, mode='bilinear', align_corners=False).
    [Fact]
    public void Resize_Upsample2x2To4x4_MatchesPyTorchKnownValues()
    {
        var resized = BilinearResize.Resize(new ImagePlane(2, 2, [1, 2, 3, 4]), 4, 4);
        Assert.Equal(new float[] { 1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4 }, resized.Data);
    }

    [Fact]
    public void Resize_Downsample4x4To2x2_MatchesPyTorchKnownValues()
    {
        var resized = BilinearResize.Resize(new ImagePlane(4, 4, Enumerable.Range(0, 16).Select(i => (float)i).ToArray()), 2, 2);
        Assert.Equal(new[] { 2.5f, 4.5f, 10.5f, 12.5f }, resized.Data);
    }

    // python3-torch is not installed on this machine, so the reference is a numpy transcription of PyTorch's
    // align_corners=False source-index rule (aten/src/ATen/native/UpSample.h), indices and weights in float32.
    [Theory]
    [InlineData(37, 29, 16, 11)]
    [InlineData(37, 29, 50, 41)]
    [InlineData(227, 227, 224, 224)]
    public void Resize_RandomPlane_MatchesNumpyPyTorchRule(int inWidth, int inHeight, int outWidth, int outHeight)
    {
        Python.RequireModules("numpy");
        using var dir = new TempDirectory();
        var (input, expected) = (dir.File("in.npy"), dir.File("out.npy"));
        Python.RunScript("""
            import sys, numpy as np
            iw, ih, ow, oh = map(int, sys.argv[3:7])
            a = np.random.default_rng(5).uniform(-1, 1, size=(ih, iw)).astype(np.float32)
            def taps(n_in, n_out):
                f = np.float32  # PyTorch computes scale, source index and weights in float32 for float input
                src = np.maximum(f(0), f(f(n_in) / f(n_out)) * (np.arange(n_out, dtype=f) + f(0.5)) - f(0.5))
                i0 = np.floor(src).astype(int)
                i1 = np.minimum(i0 + 1, n_in - 1)
                w1 = src - i0.astype(f)
                return i0, i1, (f(1) - w1).astype(np.float64), w1.astype(np.float64)
            x0, x1, wx0, wx1 = taps(iw, ow)
            y0, y1, wy0, wy1 = taps(ih, oh)
            d = a.astype(np.float64)
            top = d[y0][:, x0] * wx0 + d[y0][:, x1] * wx1
            bottom = d[y1][:, x0] * wx0 + d[y1][:, x1] * wx1
            np.save(sys.argv[1], a)
            np.save(sys.argv[2], np.ascontiguousarray(top * wy0[:, None] + bottom * wy1[:, None], dtype=np.float32))
            """, input, expected, $"{inWidth}", $"{inHeight}", $"{outWidth}", $"{outHeight}");
        using var reader = NpyReader.Open(input);
        using var reference = NpyReader.Open(expected);

        var resized = BilinearResize.Resize(new ImagePlane(inWidth, inHeight, reader.ReadAll()), outWidth, outHeight);

        var want = reference.ReadAll();
        Assert.Equal(want.Length, resized.Data.Length);
        var worst = want.Zip(resized.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-5f, $"max abs difference {worst}");
    }
}
