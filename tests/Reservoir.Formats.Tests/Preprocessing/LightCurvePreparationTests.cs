using Reservoir.Formats.Npy;
using Reservoir.Formats.Preprocessing;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Preprocessing;

public sealed class LightCurvePreparationTests
{
    [Fact]
    public void Prepare_NoisyFlaggedLightCurve_MatchesNumpyInterp()
    {
        Python.RequireModules("numpy");
        using var dir = new TempDirectory();
        var (input, expected) = (dir.File("lc.npy"), dir.File("want.npy"));
        Python.RunScript("""
            import sys, numpy as np
            rng = np.random.default_rng(11)
            n = 3000
            t = 1325.0 + np.sort(rng.uniform(0, 27, n))
            t[1000:1200] = np.nan                       # a data gap without times
            f = 5000 + 40 * np.sin(t / 3) + rng.normal(0, 5, n)
            f[rng.integers(0, n, 50)] = np.nan
            q = np.zeros(n); q[rng.integers(0, n, 80)] = 1024; q[5] = 1
            np.save(sys.argv[1], np.stack([t, f, q]))
            keep = np.isfinite(t) & np.isfinite(f) & (q == 0)
            tk, fk = t[keep], f[keep]
            grid = np.linspace(tk[0], tk[-1], 512)
            np.save(sys.argv[2], np.stack([grid, np.interp(grid, tk, fk / np.median(fk))]))
            """, input, expected);
        using var reader = NpyReader.Open(input);
        var all = reader.ReadAll();
        double[] Row(int r) => all.Skip(r * 3000).Take(3000).Select(v => (double)v).ToArray();
        // float32 round trip through .npy: the reference below is recomputed from the same float32 inputs
        var (time, flux, quality) = (Row(0), Row(1), Row(2).Select(v => (long)v).ToArray());

        var prepared = LightCurvePreparation.Prepare(time, flux, quality, new LightCurveOptions { Length = 512 });

        using var reference = NpyReader.Open(expected);
        var want = reference.ReadAll();
        Assert.Equal(512, prepared.Flux.Length);
        Assert.InRange(prepared.PointsUsed, 2600, 2800);
        var worst = Enumerable.Range(0, 512).Max(k => Math.Abs(want[512 + k] - prepared.Flux[k]));
        Assert.True(worst < 2e-3f, $"max abs difference {worst}");
        Assert.InRange(prepared.Flux.Average(), 0.99, 1.01);
    }

    [Fact]
    public void Prepare_KnownPoints_InterpolatesAndNormalisesExactly()
    {
        double[] time = [3, 0, 1, 2, 4];
        double[] flux = [8, 2, double.NaN, 4, 100];
        long[] quality = [0, 0, 0, 0, 8];
        var prepared = LightCurvePreparation.Prepare(time, flux, quality, new LightCurveOptions { Length = 4 });
        // kept (0,2) (2,4) (3,8); median 4; grid 0, 1, 2, 3
        Assert.Equal(new[] { 0.0, 1, 2, 3 }, prepared.Time);
        Assert.Equal(new[] { 0.5f, 0.75f, 1f, 2f }, prepared.Flux);
        Assert.Equal(3, prepared.PointsUsed);
    }

    [Fact]
    public void Prepare_MaskWithoutFlagBit_KeepsFlaggedPoint()
    {
        var prepared = LightCurvePreparation.Prepare([0, 1], [1, 3], [0, 8], new LightCurveOptions { Length = 3, QualityMask = 4 });
        Assert.Equal(new[] { 0.5f, 1f, 1.5f }, prepared.Flux);
    }

    [Fact]
    public void Prepare_TooFewUsablePoints_ThrowsBadInputNamingSource()
    {
        var e = Assert.Throws<BadInputException>(() =>
            LightCurvePreparation.Prepare([0, 1, 2], [1, double.NaN, 2], [0, 0, 1], new LightCurveOptions(), "tess.fits PDCSAP_FLUX"));
        Assert.Contains("tess.fits PDCSAP_FLUX", e.Message);
        Assert.Contains("1 of 3", e.Message);
    }

    [Fact]
    public void Validate_LengthBelowTwo_ThrowsBadParameter() =>
        Assert.Equal("Length", Assert.Throws<BadParameterException>(() => new LightCurveOptions { Length = 1 }.Validate()).Parameter);
}
