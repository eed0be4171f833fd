using System.Runtime.CompilerServices;

namespace Reservoir.Algorithms.EnergyDetection.Statistics;

/// <summary>
/// The D'Agostino–Pearson omnibus statistic K² = Z(skewness)² + Z(kurtosis)² for samples of a fixed size n,
/// with exactly the formulas of scipy.stats.normaltest (skewtest: D'Agostino 1970; kurtosistest: Anscombe &amp;
/// Glynn 1983), evaluated in the same order, so results agree with scipy to rounding. The constants depend
/// only on n and are computed once.
/// </summary>
internal sealed class DAgostinoPearson
{
    private readonly double _skewScale;   // y = b1 · sqrt((n+1)(n+3) / (6(n−2)))
    private readonly double _delta;
    private readonly double _alpha;
    private readonly double _expectedKurtosis;
    private readonly double _kurtosisSd;
    private readonly double _a;
    private readonly double _term1;
    private readonly double _denomSlope;
    private readonly double _term2Numerator;
    private readonly double _kurtosisScale;

    /// <param name="n">Values per sample; skewtest needs at least 8 and kurtosistest is only meaningful from 20.</param>
    public DAgostinoPearson(long n)
    {
        if (n < 8) throw new ArgumentOutOfRangeException(nameof(n), $"the skewness test needs at least 8 values, got {n}");
        N = n;
        double nd = n;
        // skewtest
        _skewScale = Math.Sqrt((double)((n + 1) * (n + 3)) / (6.0 * (n - 2)));
        var beta2 = 3.0 * (n * n + 27 * n - 70) * (n + 1) * (n + 3) / ((n - 2.0) * (n + 5) * (n + 7) * (n + 9));
        var w2 = -1 + Math.Sqrt(2 * (beta2 - 1));
        _delta = 1 / Math.Sqrt(0.5 * Math.Log(w2));
        _alpha = Math.Sqrt(2.0 / (w2 - 1));
        // kurtosistest
        _expectedKurtosis = 3.0 * (n - 1) / (n + 1);
        var varb2 = 24.0 * nd * (n - 2) * (n - 3) / ((n + 1) * (n + 1.0) * (n + 3) * (n + 5));
        _kurtosisSd = Math.Sqrt(varb2);
        var sqrtBeta1 = 6.0 * (n * n - 5 * n + 2) / ((n + 7) * (n + 9))
            * Math.Sqrt(6.0 * (n + 3) * (n + 5) / (double)(n * (n - 2) * (n - 3)));
        _a = 6.0 + 8.0 / sqrtBeta1 * (2.0 / sqrtBeta1 + Math.Sqrt(1 + 4.0 / (sqrtBeta1 * sqrtBeta1)));
        _term1 = 1 - 2 / (9.0 * _a);
        _denomSlope = Math.Sqrt(2 / (_a - 4.0));
        _term2Numerator = 1 - 2.0 / _a;
        _kurtosisScale = Math.Sqrt(2 / (9.0 * _a));
    }

    public long N { get; }

    /// <summary>
    /// K² from the biased central moments m2, m3, m4 (sums of (x − mean)^k divided by n) and the mean. As in
    /// scipy, a sample whose variance is negligible against its mean (m2 ≤ (1e-15·mean)²) gives NaN, and so
    /// does a kurtosis that makes the Anscombe–Glynn denominator exactly zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Statistic(double mean, double m2, double m3, double m4)
    {
        var resolution = 1e-15 * mean; // numpy finfo(float64).resolution
        if (m2 <= resolution * resolution) return double.NaN;
        var skewness = m3 / Math.Pow(m2, 1.5);
        var kurtosis = m4 / (m2 * m2);
        var zs = SkewnessZ(skewness);
        var zk = KurtosisZ(kurtosis);
        return zs * zs + zk * zk;
    }

    /// <summary>chi²(2) survival function of K²: exp(−K²/2).</summary>
    public static double PValue(double statistic) => Math.Exp(-statistic / 2);

    private double SkewnessZ(double skewness)
    {
        var y = skewness * _skewScale;
        if (y == 0) y = 1; // scipy substitutes 1 for an exactly symmetric sample
        var ratio = y / _alpha;
        return _delta * Math.Log(ratio + Math.Sqrt(ratio * ratio + 1));
    }

    private double KurtosisZ(double kurtosis)
    {
        var x = (kurtosis - _expectedKurtosis) / _kurtosisSd;
        var denom = 1 + x * _denomSlope;
        if (denom == 0.0) return double.NaN;
        var term2 = Math.Sign(denom) * Math.Pow(_term2Numerator / Math.Abs(denom), 1 / 3.0);
        return (_term1 - term2) / _kurtosisScale;
    }
}
