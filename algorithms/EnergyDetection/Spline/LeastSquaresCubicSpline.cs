using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Reservoir.Algorithms.EnergyDetection.Spline;

/// <summary>
/// The least-squares cubic spline of values at x = 0 .. W−1 with interior knots at s, 2s, … &lt; W: the same
/// fit as scipy's <c>splrep(x, y, k=3, t=knots)</c> (unit weights, boundary knots repeated four times at
/// x[0] = 0 and x[−1] = W−1). The design depends only on W and s, so the banded normal equations are built
/// and Cholesky-factored once; each <see cref="Fit"/> then costs one pass over the values and an
/// O(coefficients) solve, and <see cref="Evaluate"/> one cubic per point.
/// </summary>
/// <remarks>
/// Knot interval l covers x in [l·s, (l+1)·s), the last one [m·s, W−1] inclusive. On interval l the four
/// non-zero B-splines are polynomials in u = (x − l·s) / h_l ∈ [0, 1]; working in that normalised
/// variable keeps their coefficients of order one, so the moment sums below lose at most a few digits
/// to cancellation (≈1e-14 relative, far below what the statistics can notice).
/// </remarks>
internal sealed class LeastSquaresCubicSpline
{
    private const int Order = 4; // cubic: four B-splines are non-zero on each interval

    private readonly int _width;
    private readonly int _spacing;
    private readonly int _intervals;
    private readonly double[] _inverseLength; // 1 / h_l
    private readonly double[] _basis;         // [l·16 + r·4 + p]: coefficient of u^p of B-spline l+r on interval l
    private readonly double[] _cholesky;      // [i·4 + k] = L(i, i−k) of the normal matrix BᵀB
    private readonly double[] _rhs;
    private readonly double[] _coefficients;
    private readonly double[] _pieces;        // [l·4 + p]: the fitted spline on interval l, coefficient of u^p

    /// <summary>Prepares the fit; throws <see cref="ArgumentException"/> when the knots do not determine a unique fit.</summary>
    public LeastSquaresCubicSpline(int width, int knotSpacing)
    {
        var knots = InteriorKnots(width, knotSpacing);
        if (knots.Length > 0 && knots[^1] >= width - 1)
            throw new ArgumentException($"an interior knot falls at {knots[^1]}, on or after the last channel {width - 1}");
        if (knots.Length + Order > width)
            throw new ArgumentException($"{knots.Length + Order} spline coefficients exceed the {width} channels they are fitted to");
        _width = width;
        _spacing = knotSpacing;
        _intervals = knots.Length + 1;
        var full = FullKnots(width, knots);
        _inverseLength = new double[_intervals];
        _basis = new double[_intervals * 16];
        for (var l = 0; l < _intervals; l++)
        {
            var left = full[l + 3];
            var length = full[l + 4] - left;
            _inverseLength[l] = 1.0 / length;
            BasisPolynomials(full, l + 3, left, length, _basis.AsSpan(l * 16, 16));
        }
        Coefficients = knots.Length + Order;
        _cholesky = FactorNormalMatrix();
        _rhs = new double[Coefficients];
        _coefficients = new double[Coefficients];
        _pieces = new double[_intervals * 4];
    }

    /// <summary>Number of B-spline coefficients: interior knots + 4.</summary>
    public int Coefficients { get; }

    /// <summary>Interior knots s, 2s, … while below <paramref name="width"/>.</summary>
    public static int[] InteriorKnots(int width, int spacing)
    {
        var knots = new List<int>();
        for (long k = spacing; k < width; k += spacing) knots.Add((int)k);
        return [.. knots];
    }

    /// <summary>The fitted coefficients of the last <see cref="Fit"/>, one per B-spline (tests compare them with splrep's).</summary>
    public ReadOnlySpan<double> FittedCoefficients => _coefficients;

    /// <summary>Least-squares fit of <paramref name="values"/> (length W); replaces the previous fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fit(ReadOnlySpan<double> values)
    {
        if (values.Length != _width) throw new ArgumentException($"expected {_width} values, got {values.Length}", nameof(values));
        Array.Clear(_rhs);
        Span<double> moments = stackalloc double[4];
        for (var l = 0; l < _intervals; l++)
        {
            var (start, end) = IntervalRange(l);
            Moments(values[start..end], _inverseLength[l], moments);
            for (var r = 0; r < Order; r++)
            {
                var b = _basis.AsSpan(l * 16 + r * 4, 4);
                _rhs[l + r] += b[0] * moments[0] + b[1] * moments[1] + b[2] * moments[2] + b[3] * moments[3];
            }
        }
        Solve(_rhs, _coefficients);
        for (var l = 0; l < _intervals; l++)
            for (var p = 0; p < 4; p++)
            {
                var sum = 0.0;
                for (var r = 0; r < Order; r++) sum += _coefficients[l + r] * _basis[l * 16 + r * 4 + p];
                _pieces[l * 4 + p] = sum;
            }
    }

    /// <summary>Writes the fitted spline at x = start, start+1, … into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(int start, Span<double> destination)
    {
        if (start < 0 || start + destination.Length > _width) throw new ArgumentOutOfRangeException(nameof(start));
        var x = start;
        var done = 0;
        while (done < destination.Length)
        {
            var l = Math.Min(x / _spacing, _intervals - 1);
            var intervalEnd = IntervalRange(l).End;
            var count = Math.Min(intervalEnd - x, destination.Length - done);
            EvaluatePiece(_pieces.AsSpan(l * 4, 4), x - l * _spacing, _inverseLength[l], destination.Slice(done, count));
            x += count;
            done += count;
        }
    }

    private (int Start, int End) IntervalRange(int l) =>
        (l * _spacing, l == _intervals - 1 ? _width : (l + 1) * _spacing);

    private static double[] FullKnots(int width, int[] interior)
    {
        var full = new double[interior.Length + 2 * Order];
        for (var i = 0; i < Order; i++) { full[i] = 0; full[^(i + 1)] = width - 1; }
        for (var i = 0; i < interior.Length; i++) full[Order + i] = interior[i];
        return full;
    }

    /// <summary>
    /// Cox–de Boor recursion carried out on polynomials in u, x = left + length·u, for the four cubic
    /// B-splines non-zero on [t[mu], t[mu+1]). Output [r·4 + p]: coefficient of u^p of B-spline mu−3+r.
    /// </summary>
    private static void BasisPolynomials(double[] t, int mu, double left, double length, Span<double> output)
    {
        Span<double> previous = stackalloc double[16]; // [q·4 + p] of B(mu−d+1+q, d−1)
        Span<double> current = stackalloc double[16];
        previous.Clear();
        previous[0] = 1; // B(mu, 0) = 1 on the interval
        for (var d = 1; d <= 3; d++)
        {
            current.Clear();
            for (var r = 0; r <= d; r++)
            {
                var j = mu - d + r;
                var poly = current.Slice(r * 4, 4);
                if (r >= 1 && t[j + d] != t[j])
                {   // (x − t_j)/(t_{j+d} − t_j) · B(j, d−1)
                    var scale = 1.0 / (t[j + d] - t[j]);
                    MultiplyLinear(previous.Slice((r - 1) * 4, 4), (left - t[j]) * scale, length * scale, poly);
                }
                if (r <= d - 1 && t[j + d + 1] != t[j + 1])
                {   // (t_{j+d+1} − x)/(t_{j+d+1} − t_{j+1}) · B(j+1, d−1)
                    var scale = 1.0 / (t[j + d + 1] - t[j + 1]);
                    MultiplyLinear(previous.Slice(r * 4, 4), (t[j + d + 1] - left) * scale, -length * scale, poly);
                }
            }
            current.CopyTo(previous);
        }
        previous.CopyTo(output);
    }

    /// <summary>accumulator += p(u)·(constant + slope·u), degrees below 4.</summary>
    private static void MultiplyLinear(ReadOnlySpan<double> p, double constant, double slope, Span<double> accumulator)
    {
        for (var k = 3; k >= 0; k--)
        {
            accumulator[k] += constant * p[k];
            if (k < 3) accumulator[k + 1] += slope * p[k];
        }
    }

    /// <summary>BᵀB in band form, evaluated point by point once per design, then its banded Cholesky factor.</summary>
    private double[] FactorNormalMatrix()
    {
        var n = Coefficients;
        var band = new double[n * 4]; // [i·4 + k] = G(i, i−k)
        Span<double> values = stackalloc double[4];
        for (var l = 0; l < _intervals; l++)
        {
            var (start, end) = IntervalRange(l);
            for (var x = start; x < end; x++)
            {
                var u = (x - start) * _inverseLength[l];
                for (var r = 0; r < Order; r++)
                {
                    var b = _basis.AsSpan(l * 16 + r * 4, 4);
                    values[r] = ((b[3] * u + b[2]) * u + b[1]) * u + b[0];
                }
                for (var r = 0; r < Order; r++)
                    for (var q = 0; q <= r; q++)
                        band[(l + r) * 4 + (r - q)] += values[r] * values[q];
            }
        }
        var factor = new double[n * 4];
        for (var i = 0; i < n; i++)
        {
            for (var k = Math.Min(3, i); k >= 1; k--)
            {
                var j = i - k;
                var sum = band[i * 4 + k];
                for (var m = Math.Max(0, i - 3); m < j; m++) sum -= L(factor, i, m) * L(factor, j, m);
                factor[i * 4 + k] = sum / factor[j * 4];
            }
            var diagonal = band[i * 4];
            for (var m = Math.Max(0, i - 3); m < i; m++) diagonal -= L(factor, i, m) * L(factor, i, m);
            if (!(diagonal > 1e-12 * band[i * 4]))
                throw new ArgumentException($"the knots leave spline coefficient {i} undetermined by the data (Schoenberg-Whitney condition fails)");
            factor[i * 4] = Math.Sqrt(diagonal);
        }
        return factor;
    }

    private static double L(double[] factor, int i, int j) => factor[i * 4 + (i - j)];

    private void Solve(double[] rhs, double[] solution)
    {
        var n = Coefficients;
        for (var i = 0; i < n; i++)
        {
            var sum = rhs[i];
            for (var k = 1; k <= Math.Min(3, i); k++) sum -= _cholesky[i * 4 + k] * solution[i - k];
            solution[i] = sum / _cholesky[i * 4];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = solution[i];
            for (var k = 1; k <= 3 && i + k < n; k++) sum -= _cholesky[(i + k) * 4 + k] * solution[i + k];
            solution[i] = sum / _cholesky[i * 4];
        }
    }

    /// <summary>Σ u^p·y for p = 0..3 over one interval, u = k / h for the k-th point of the interval.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Moments(ReadOnlySpan<double> y, double inverseLength, Span<double> moments)
    {
        double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
        var k = 0;
        if (Vector256.IsHardwareAccelerated && y.Length >= 8)
        {
            var a0 = Vector256<double>.Zero; var a1 = a0; var a2 = a0; var a3 = a0;
            var scale = Vector256.Create(inverseLength);
            var offsets = Vector256.Create(0.0, 1, 2, 3);
            for (; k + 4 <= y.Length; k += 4)
            {
                var u = (Vector256.Create((double)k) + offsets) * scale;
                var v = Vector256.Create(y.Slice(k, 4));
                a0 += v;
                var uv = u * v;
                a1 += uv;
                var uuv = u * uv;
                a2 += uuv;
                a3 = Vector256.FusedMultiplyAdd(u, uuv, a3);
            }
            m0 = Vector256.Sum(a0); m1 = Vector256.Sum(a1); m2 = Vector256.Sum(a2); m3 = Vector256.Sum(a3);
        }
        for (; k < y.Length; k++)
        {
            var u = k * inverseLength;
            var v = y[k];
            m0 += v; m1 += u * v; m2 += u * u * v; m3 += u * u * u * v;
        }
        moments[0] = m0; moments[1] = m1; moments[2] = m2; moments[3] = m3;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EvaluatePiece(ReadOnlySpan<double> piece, int firstOffset, double inverseLength, Span<double> destination)
    {
        double p0 = piece[0], p1 = piece[1], p2 = piece[2], p3 = piece[3];
        var k = 0;
        if (Vector256.IsHardwareAccelerated && destination.Length >= 8)
        {
            var scale = Vector256.Create(inverseLength);
            var offsets = Vector256.Create(0.0, 1, 2, 3);
            Vector256<double> c0 = Vector256.Create(p0), c1 = Vector256.Create(p1), c2 = Vector256.Create(p2), c3 = Vector256.Create(p3);
            for (; k + 4 <= destination.Length; k += 4)
            {
                var u = (Vector256.Create((double)(firstOffset + k)) + offsets) * scale;
                var value = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(c3, u, c2), u, c1), u, c0);
                value.CopyTo(destination.Slice(k, 4));
            }
        }
        for (; k < destination.Length; k++)
        {
            var u = (firstOffset + k) * inverseLength;
            destination[k] = ((p3 * u + p2) * u + p1) * u + p0;
        }
    }
}
