using System.Globalization;
using Reservoir.TestSupport;

namespace Reservoir.Synthetic.Tests.Noise;

public sealed class ChiSquaredNoiseTests
{
    [Theory]
    [InlineData(204.0)]
    [InlineData(100.0)]
    [InlineData(30.0)]
    public void Noise_DividedByBandpass_HasChiSquaredMoments(double k)
    {
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly() with { NoiseDegreesOfFreedom = k });
        var ratios = SmallSpecs.NoiseRatios(observation);
        var n = ratios.Length;
        var mean = ratios.Average();
        var variance = ratios.Sum(r => (r - mean) * (r - mean)) / n;
        var sd = Math.Sqrt(variance);
        var skew = ratios.Sum(r => Math.Pow((r - mean) / sd, 3)) / n;
        var excessKurtosis = ratios.Sum(r => Math.Pow((r - mean) / sd, 4)) / n - 3;

        // Tolerances: about 5 standard errors for n ≈ 262,000 values.
        Assert.InRange(mean, 1 - 5 * Math.Sqrt(2 / k / n), 1 + 5 * Math.Sqrt(2 / k / n));
        Assert.InRange(variance / (2 / k), 0.98, 1.02);
        Assert.InRange(skew, Math.Sqrt(8 / k) - 0.025, Math.Sqrt(8 / k) + 0.025);
        Assert.InRange(excessKurtosis, 12 / k - 0.05, 12 / k + 0.05);
        Assert.True(ratios.Min() >= 0, "chi-squared noise went negative");
    }

    [Fact]
    public void Noise_DividedByBandpass_PassesScipyKolmogorovSmirnovAgainstChiSquared()
    {
        Python.RequireModules("numpy", "scipy");
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly(seed: 99));
        var ratios = SmallSpecs.NoiseRatios(observation).Select(r => (float)r).ToArray();
        using var folder = new TempDirectory();
        SmallSpecs.WriteRaw(folder.File("ratios.f32"), ratios);

        var output = Python.RunScript("""
            import sys, numpy as np, scipy.stats as st
            r = np.fromfile(sys.argv[1], dtype='<f4').astype(np.float64)
            k = 204.0
            print(st.kstest(r, st.chi2(k, scale=1 / k).cdf).pvalue)
            """, folder.File("ratios.f32"));

        var pvalue = double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        Assert.True(pvalue > 1e-3, $"KS p-value {pvalue}: the noise is not chi-squared(204)/204");
    }

    [Fact]
    public void PureNoiseWindows_HaveSmallDAgostinoK2InScipy()
    {
        Python.RequireModules("numpy", "scipy");
        using var observation = new SyntheticObservation(SmallSpecs.NoiseOnly(seed: 3));
        var values = SmallSpecs.ReadAll(observation);
        using var folder = new TempDirectory();
        SmallSpecs.WriteRaw(folder.File("cube.f32"), values);

        // Energy-detection windows (16 × 256 values) in the flat middle of each coarse channel, clear of DC.
        var output = Python.RunScript("""
            import sys, numpy as np, scipy.stats as st
            W = int(sys.argv[2])
            d = np.fromfile(sys.argv[1], dtype='<f4').astype(np.float64).reshape(16, -1)  # float32 moment sums of 1e9-level data overflow
            ks = []
            for coarse in range(d.shape[1] // W):
                for start in list(range(512, W // 2 - 256 - 128, 128)) + list(range(W // 2 + 128, W - 768, 128)):
                    w = d[:, coarse * W + start: coarse * W + start + 256]
                    ks.append(st.normaltest(w.ravel()).statistic)
            print(len(ks), np.median(ks), np.max(ks))
            """, folder.File("cube.f32"), SmallSpecs.Width.ToString(CultureInfo.InvariantCulture));

        var fields = output.Trim().Split(' ').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(fields[0] >= 40, $"only {fields[0]} windows checked");
        Assert.True(fields[1] < 45, $"median K² {fields[1]} of pure-noise windows");
        Assert.True(fields[2] < 150, $"largest K² {fields[2]} of pure-noise windows");
    }
}
