using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Reservoir.Algorithms.EnergyDetection.Statistics;

/// <summary>
/// Power sums Σy, Σy², Σy³, Σy⁴ of a set of values about a shift, and how to merge them. The sums are only
/// accurate when the shift is close to the values' mean (then no term dwarfs the central moments); callers
/// shift by the exact block mean of the filtered data, which they know before touching the data.
/// </summary>
internal struct PowerSums
{
    public long Count;
    public double Shift;
    public double S1, S2, S3, S4;

    /// <summary>
    /// Adds y = x[t·rowStride + j] − offset[j] for t &lt; rows, j &lt; width (float32 data widened to float64)
    /// in one pass over the rows; the hot loop of the detector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe PowerSums Accumulate(float* x, long rowStride, int rows, double* offset, int width, double shift)
    {
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        var vectorised = Vector256.IsHardwareAccelerated ? width & ~7 : 0;
        if (vectorised > 0)
        {
            // Two independent accumulator sets hide the add/FMA latency.
            var a1 = Vector256<double>.Zero; var a2 = a1; var a3 = a1; var a4 = a1;
            var b1 = a1; var b2 = a1; var b3 = a1; var b4 = a1;
            for (var t = 0; t < rows; t++)
            {
                var row = x + t * rowStride;
                for (var j = 0; j < vectorised; j += 8)
                {
                    var (low, high) = Vector256.Widen(Vector256.Load(row + j));
                    var ya = low - Vector256.Load(offset + j);
                    var yb = high - Vector256.Load(offset + j + 4);
                    var ya2 = ya * ya;
                    var yb2 = yb * yb;
                    a1 += ya; a2 += ya2; a3 = Vector256.FusedMultiplyAdd(ya2, ya, a3); a4 = Vector256.FusedMultiplyAdd(ya2, ya2, a4);
                    b1 += yb; b2 += yb2; b3 = Vector256.FusedMultiplyAdd(yb2, yb, b3); b4 = Vector256.FusedMultiplyAdd(yb2, yb2, b4);
                }
            }
            s1 = Vector256.Sum(a1 + b1); s2 = Vector256.Sum(a2 + b2); s3 = Vector256.Sum(a3 + b3); s4 = Vector256.Sum(a4 + b4);
        }
        if (vectorised < width)
        {
            for (var t = 0; t < rows; t++)
            {
                var row = x + t * rowStride;
                for (var j = vectorised; j < width; j++)
                {
                    var y = row[j] - offset[j];
                    var y2 = y * y;
                    s1 += y; s2 += y2; s3 += y2 * y; s4 += y2 * y2;
                }
            }
        }
        return new PowerSums { Count = (long)rows * width, Shift = shift, S1 = s1, S2 = s2, S3 = s3, S4 = s4 };
    }

    /// <summary>Adds one value (already shifted); used for the few DC-repaired values.</summary>
    public void Add(double y)
    {
        var y2 = y * y;
        Count++; S1 += y; S2 += y2; S3 += y2 * y; S4 += y2 * y2;
    }

    /// <summary>Central moments m2, m3, m4 (sums of (x − mean)^k / n) and the mean of the union of <paramref name="parts"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Mean, double M2, double M3, double M4) CentralMoments(ReadOnlySpan<PowerSums> parts)
    {
        long n = 0;
        var total = 0.0;
        foreach (ref readonly var p in parts) { n += p.Count; total += p.Count * p.Shift + p.S1; }
        var mean = total / n;
        double c2 = 0, c3 = 0, c4 = 0;
        foreach (ref readonly var p in parts)
        {
            // Σ(y + d)^k with y the part's shifted values and d = shift − mean: binomial expansion.
            var d = p.Shift - mean;
            var d2 = d * d;
            c2 += p.S2 + 2 * d * p.S1 + p.Count * d2;
            c3 += p.S3 + 3 * d * p.S2 + 3 * d2 * p.S1 + p.Count * d2 * d;
            c4 += p.S4 + 4 * d * p.S3 + 6 * d2 * p.S2 + 4 * d2 * d * p.S1 + p.Count * d2 * d2;
        }
        return (mean, c2 / n, c3 / n, c4 / n);
    }
}
