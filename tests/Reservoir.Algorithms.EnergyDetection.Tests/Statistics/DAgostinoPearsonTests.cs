using System.Globalization;
using Reservoir.Algorithms.EnergyDetection.Statistics;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Statistics;

public sealed class DAgostinoPearsonTests
{
    [Theory]
    [InlineData(20, 0)]
    [InlineData(100, 1)]
    [InlineData(4096, 2)]
    [InlineData(8192, 3)]
    public void Statistic_Samples_MatchScipyNormaltest(int n, int seed)
    {
        Python.RequireModules("numpy", "scipy");
        var random = new Random(seed);
        var samples = new[]
        {
            Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray(),                       // uniform: light tails
            Enumerable.Range(0, n).Select(_ => -Math.Log(1 - random.NextDouble()) * 1e7).ToArray(),  // exponential: skewed
            Enumerable.Range(0, n).Select(i => i % 17 == 0 ? 50.0 : random.NextDouble()).ToArray(), // outliers: huge K²
            Enumerable.Range(0, n).Select(i => 5e9 + (i % 2 == 0 ? 1.0 : -1.0)).ToArray(),          // symmetric: skewness 0
        };
        using var temp = new TempDirectory("k2");
        var path = temp.File("s.f64");
        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.SelectMany(s => s).ToArray().AsSpan()).ToArray());
        var output = Python.RunScript("""
            import sys
            import numpy as np
            from scipy.stats import normaltest
            for s in np.fromfile(sys.argv[1], dtype="<f8").reshape(-1, int(sys.argv[2])):
                print(repr(float(normaltest(s, axis=None)[0])))
            """, path, n.ToString(CultureInfo.InvariantCulture));
        var expected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();

        var test = new DAgostinoPearson(n);
        for (var i = 0; i < samples.Length; i++)
        {
            var (mean, m2, m3, m4) = PowerSums.CentralMoments([Sums(samples[i], samples[i][0])]);
            Assert.Equal(expected[i], test.Statistic(mean, m2, m3, m4), Math.Abs(expected[i]) * 1e-9);
        }
    }

    [Fact]
    public void Statistic_ConstantSample_IsNaNAsInScipy()
    {
        Assert.True(double.IsNaN(new DAgostinoPearson(100).Statistic(42, 0, 0, 0)));
    }

    [Fact]
    public void CentralMoments_SplitIntoPartsWithDifferentShifts_EqualsOnePart()
    {
        var random = new Random(9);
        var values = Enumerable.Range(0, 3000).Select(_ => 1e8 + 1e5 * random.NextDouble() * random.NextDouble()).ToArray();
        var whole = PowerSums.CentralMoments([Sums(values, values.Average())]);
        var parts = PowerSums.CentralMoments([Sums(values[..1000], values[..1000].Average()), Sums(values[1000..], values[1000..].Average() + 3)]);
        Assert.Equal(whole.Mean, parts.Mean, 1e-6);
        Assert.Equal(whole.M2, parts.M2, whole.M2 * 1e-12);
        Assert.Equal(whole.M3, parts.M3, Math.Abs(whole.M3) * 1e-10);
        Assert.Equal(whole.M4, parts.M4, whole.M4 * 1e-12);
    }

    private static PowerSums Sums(double[] values, double shift)
    {
        var sums = new PowerSums { Shift = shift };
        foreach (var v in values) sums.Add(v - shift);
        return sums;
    }
}
