using System.Globalization;
using Reservoir.Algorithms.EnergyDetection.Spline;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Spline;

public sealed class LeastSquaresCubicSplineTests
{
    [Fact]
    public void Fit_CubicPolynomial_IsReproducedExactly()
    {
        const int width = 1024;
        var values = new double[width];
        for (var x = 0; x < width; x++) values[x] = 3e8 + 2e5 * x - 150.0 * x * x + 0.07 * x * x * x;
        var spline = new LeastSquaresCubicSpline(width, width / 16 + 1);
        spline.Fit(values);
        var fit = new double[width];
        spline.Evaluate(0, fit);
        for (var x = 0; x < width; x++) Assert.Equal(values[x], fit[x], Math.Abs(values[x]) * 1e-12);
    }

    [Theory]
    [InlineData(1024, 16)]
    [InlineData(4096, 16)]
    [InlineData(1000, 7)]
    public void Fit_NoisySpectrum_MatchesScipySplrepAndSplev(int width, int divisor)
    {
        Python.RequireModules("numpy", "scipy");
        var random = new Random(width);
        var values = new double[width];
        for (var x = 0; x < width; x++) values[x] = 1e9 * (1 + 0.3 * Math.Sin(x * 7.0 / width)) + 1e7 * (random.NextDouble() - 0.5);
        using var temp = new TempDirectory("spline");
        var path = temp.File("y.f64");
        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        var output = Python.RunScript("""
            import sys
            import numpy as np
            from scipy.interpolate import splrep, splev
            y = np.fromfile(sys.argv[1], dtype="<f8")
            W, s = len(y), int(sys.argv[2])
            x = np.arange(W, dtype=np.float64)
            t, c, k = splrep(x, y, k=3, t=np.arange(s, W, s))
            for v in c[:len(t) - 4]: print("C", repr(float(v)))
            for v in splev(x, (t, c, k)): print("F", repr(float(v)))
            """, path, (width / divisor + 1).ToString(CultureInfo.InvariantCulture));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var coefficients = lines.Where(l => l[0] == 'C').Select(l => double.Parse(l[2..], CultureInfo.InvariantCulture)).ToArray();
        var fitted = lines.Where(l => l[0] == 'F').Select(l => double.Parse(l[2..], CultureInfo.InvariantCulture)).ToArray();

        var spline = new LeastSquaresCubicSpline(width, width / divisor + 1);
        spline.Fit(values);
        Assert.Equal(coefficients.Length, spline.Coefficients);
        for (var i = 0; i < coefficients.Length; i++)
            Assert.Equal(coefficients[i], spline.FittedCoefficients[i], Math.Abs(coefficients[i]) * 1e-12);
        var fit = new double[width];
        spline.Evaluate(0, fit);
        for (var x = 0; x < width; x++) Assert.Equal(fitted[x], fit[x], Math.Abs(fitted[x]) * 1e-12);
    }

    [Fact]
    public void Evaluate_AnyStart_EqualsTheSameChannelsOfAFullEvaluation()
    {
        const int width = 2048;
        var values = new double[width];
        for (var x = 0; x < width; x++) values[x] = Math.Cos(x / 100.0) * 1e6 + x;
        var spline = new LeastSquaresCubicSpline(width, width / 16 + 1);
        spline.Fit(values);
        var full = new double[width];
        spline.Evaluate(0, full);
        var part = new double[300];
        spline.Evaluate(1700, part);
        Assert.Equal(full.AsSpan(1700, 300).ToArray(), part);
    }

    [Fact]
    public void Constructor_KnotOnLastPoint_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LeastSquaresCubicSpline(34, 3)); // knots 3 … 33 = x[−1]
    }
}
