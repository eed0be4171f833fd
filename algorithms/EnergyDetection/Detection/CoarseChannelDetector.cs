using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Reservoir.Algorithms.EnergyDetection.Spline;
using Reservoir.Algorithms.EnergyDetection.Statistics;
using Reservoir.Sdk;
using Reservoir.Sdk.Observations;

namespace Reservoir.Algorithms.EnergyDetection.Detection;

/// <summary>
/// Energy detection of one coarse channel: d = the block (integrations × W, float32, time-major) in float64;
/// DC repair at dc = W/2 (d[:,dc] = (d[:,dc+1] + d[:,dc−3])/2, then d[:,dc−1] = (d[:,dc+2] + d[:,dc−2])/2);
/// spectrum = mean of d over time; filtered = d − the least-squares cubic spline of the spectrum
/// (<see cref="LeastSquaresCubicSpline"/>); every window's K² (<see cref="DAgostinoPearson"/>) over all
/// integrations × window filtered values. One instance serves every coarse channel of a search (the spline
/// design is built once) and holds only W-long vectors besides the caller's block; not thread-safe.
/// </summary>
/// <remarks>
/// The filtered data is never materialised. The column sums (the spectrum, summed over time in order as numpy
/// does) are taken as each integration arrives, while it is still in cache, when the detector reads the
/// block itself; then one pass over the block forms power sums of the filtered values
/// per block of gcd(window, step) columns, shifted by that block's exact mean (mean of spectrum − fit over
/// the block, known before the pass), which keeps the float64 sums free of cancellation. Windows merge
/// their blocks' sums into central moments. The loops are marked AggressiveOptimization: each runs once per
/// coarse channel, too few calls for tiered compilation to replace its tier-0 code during a search.
/// </remarks>
internal sealed class CoarseChannelDetector
{
    private const int TargetTileColumns = 1024; // columns whose fit is evaluated at once in the second pass

    private readonly SearchGeometry _geometry;
    private readonly LeastSquaresCubicSpline _spline;
    private readonly DAgostinoPearson _test;
    private readonly double[] _spectrum;
    private readonly PowerSums[] _blockSums;
    private readonly int _blockWidth;
    private readonly int _tileColumns;
    private readonly double[] _tileFit;
    private readonly double[] _tileOffset;
    private readonly double[] _windowFit;

    /// <summary>Builds the spline design; an unusable knot spacing is a <see cref="BadParameterException"/>.</summary>
    public CoarseChannelDetector(SearchGeometry geometry)
    {
        _geometry = geometry;
        try { _spline = new LeastSquaresCubicSpline(geometry.CoarseWidth, geometry.KnotSpacing); }
        catch (ArgumentException e)
        {
            throw new BadParameterException("knot_spacing_divisor",
                $"knots every {geometry.KnotSpacing} channels cannot fit a coarse channel of width {geometry.CoarseWidth} ({geometry.Source}): {e.Message}");
        }
        _test = new DAgostinoPearson(geometry.WindowValues);
        _spectrum = new double[geometry.CoarseWidth];
        _blockWidth = geometry.BlockWidth;
        _blockSums = new PowerSums[geometry.CoarseWidth / _blockWidth];
        _tileColumns = _blockWidth * Math.Max(1, TargetTileColumns / _blockWidth);
        _tileFit = new double[_tileColumns];
        _tileOffset = new double[_tileColumns];
        _windowFit = new double[geometry.Window];
        WindowCount = geometry.WindowCount;
    }

    public SearchGeometry Geometry => _geometry;

    /// <summary>Windows per coarse channel.</summary>
    public int WindowCount { get; }

    /// <summary>First channel of window <paramref name="window"/>, relative to the coarse channel.</summary>
    public int WindowStart(int window) => window * _geometry.Step;

    /// <summary>The DC-repaired time-mean spectrum of the last processed block.</summary>
    public ReadOnlySpan<double> Spectrum => _spectrum;

    /// <summary>The spline fitted to <see cref="Spectrum"/> at channels start .. start + destination.Length − 1.</summary>
    public void EvaluateFit(int start, Span<double> destination) => _spline.Evaluate(start, destination);

    /// <summary>
    /// Reads coarse channel data[:, <paramref name="ifIndex"/>, <paramref name="firstChannel"/> .. + W] into
    /// <paramref name="block"/> one integration at a time and folds each row into the spectrum sums while it
    /// is still in cache, then analyses it as <see cref="Process(ReadOnlySpan{float}, Span{double})"/> does.
    /// Same results; one trip through main memory fewer than reading the whole block first.
    /// </summary>
    public void Process(IObservation observation, int ifIndex, long firstChannel, Span<float> block, Span<double> statistics)
    {
        CheckSizes(block, statistics);
        var width = _geometry.CoarseWidth;
        for (var t = 0; t < _geometry.Integrations; t++)
        {
            var row = block.Slice(t * width, width);
            observation.Read(new DataBlock(t, 1, ifIndex, firstChannel, width), row);
            AddToSpectrum(t, row);
        }
        Analyse(block, statistics);
    }

    /// <summary>
    /// Analyses one coarse channel: <paramref name="block"/> holds integrations × W float32 values,
    /// time-major; <paramref name="statistics"/>[w] receives window w's K² (NaN where scipy gives NaN).
    /// </summary>
    public void Process(ReadOnlySpan<float> block, Span<double> statistics)
    {
        CheckSizes(block, statistics);
        var width = _geometry.CoarseWidth;
        AddToSpectrum(0, block);
        Analyse(block, statistics);
    }

    private void CheckSizes(ReadOnlySpan<float> block, Span<double> statistics)
    {
        var g = _geometry;
        if (block.Length != (long)g.Integrations * g.CoarseWidth)
            throw new ArgumentException($"expected {g.Integrations} × {g.CoarseWidth} values, got {block.Length}", nameof(block));
        if (statistics.Length < WindowCount)
            throw new ArgumentException($"room for {WindowCount} statistics needed", nameof(statistics));
    }

    /// <summary>The rest of the analysis once every row is in the spectrum sums: mean, DC repair, fit, K².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Analyse(ReadOnlySpan<float> block, Span<double> statistics)
    {
        fixed (float* data = block)
        {
            FinishSpectrum(data);
            _spline.Fit(_spectrum);
            ComputeBlockSums(data);
        }
        var blocksPerWindow = _geometry.Window / _blockWidth;
        for (var w = 0; w < WindowCount; w++)
        {
            var parts = _blockSums.AsSpan(WindowStart(w) / _blockWidth, blocksPerWindow);
            var (mean, m2, m3, m4) = PowerSums.CentralMoments(parts);
            statistics[w] = _test.Statistic(mean, m2, m3, m4);
        }
    }

    /// <summary>The filtered (DC-repaired, fit-subtracted) values of window <paramref name="window"/> as float32,
    /// integrations × window, C order. Valid for the block last given to <see cref="Process"/>.</summary>
    public void CopyStamp(ReadOnlySpan<float> block, int window, Span<float> stamp)
    {
        var g = _geometry;
        if (stamp.Length != g.WindowValues) throw new ArgumentException($"a stamp holds {g.WindowValues} values", nameof(stamp));
        var start = WindowStart(window);
        _spline.Evaluate(start, _windowFit);
        for (var t = 0; t < g.Integrations; t++)
        {
            var row = block.Slice(t * g.CoarseWidth, g.CoarseWidth);
            var target = stamp.Slice(t * g.Window, g.Window);
            for (var j = 0; j < g.Window; j++) target[j] = (float)(Value(row, start + j) - _windowFit[j]);
        }
    }

    /// <summary>d[t, column] after DC repair, in float64.</summary>
    internal double Value(ReadOnlySpan<float> row, int column)
    {
        if (_geometry.DcRepair)
        {
            var dc = _geometry.DcChannel;
            if (column == dc) return ((double)row[dc + 1] + row[dc - 3]) / 2;
            if (column == dc - 1) return ((double)row[dc + 2] + row[dc - 2]) / 2;
        }
        return row[column];
    }

    /// <summary>
    /// Adds <paramref name="rows"/> (one or more whole rows, the first being row <paramref name="t"/>) to the
    /// column sums. Rows must come in order t = 0, 1, … so each column is summed over time in order, as
    /// numpy's mean(axis=0) does; row 0 starts the sums. Several rows are added column by column in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void AddToSpectrum(int t, ReadOnlySpan<float> rows)
    {
        var width = _geometry.CoarseWidth;
        var count = rows.Length / width;
        fixed (float* x = rows)
        fixed (double* sum = _spectrum)
        {
            var j = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; j + 8 <= width; j += 8)
                {
                    var p = x + j;
                    Vector256<double> low, high;
                    if (t == 0) (low, high) = Vector256.Widen(Vector256.Load(p));
                    else
                    {
                        var (a, b) = Vector256.Widen(Vector256.Load(p));
                        low = Vector256.Load(sum + j) + a;
                        high = Vector256.Load(sum + j + 4) + b;
                    }
                    for (var r = 1; r < count; r++)
                    {
                        var (a, b) = Vector256.Widen(Vector256.Load(p + (long)r * width));
                        low += a;
                        high += b;
                    }
                    low.Store(sum + j);
                    high.Store(sum + j + 4);
                }
            for (; j < width; j++)
            {
                var total = t == 0 ? x[j] : sum[j] + x[j];
                for (var r = 1; r < count; r++) total += x[(long)r * width + j];
                sum[j] = total;
            }
        }
    }

    /// <summary>Turns the column sums into the time-mean spectrum, the DC columns summed from repaired values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void FinishSpectrum(float* data)
    {
        var rows = _geometry.Integrations;
        var width = _geometry.CoarseWidth;
        fixed (double* spectrum = _spectrum)
        {
            if (_geometry.DcRepair)
                foreach (var column in (ReadOnlySpan<int>)[_geometry.DcChannel, _geometry.DcChannel - 1])
                {
                    var total = 0.0;
                    for (var t = 0; t < rows; t++)
                        total += Value(new ReadOnlySpan<float>(data + (long)t * width, width), column);
                    spectrum[column] = total;
                }
            var divisor = (double)rows;
            var j0 = 0;
            if (Vector256.IsHardwareAccelerated)
                for (var divisors = Vector256.Create(divisor); j0 + 4 <= width; j0 += 4)
                    (Vector256.Load(spectrum + j0) / divisors).Store(spectrum + j0);
            for (; j0 < width; j0++) spectrum[j0] /= divisor;
        }
    }

    /// <summary>Power sums of the filtered values for every block of gcd(window, step) columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ComputeBlockSums(float* data)
    {
        var rows = _geometry.Integrations;
        var width = _geometry.CoarseWidth;
        var blockWidth = _blockWidth;
        fixed (double* offset = _tileOffset)
        {
            for (var start = 0; start < width; start += _tileColumns)
            {
                var count = Math.Min(_tileColumns, width - start);
                _spline.Evaluate(start, _tileFit.AsSpan(0, count));
                for (var k = 0; k < count; k += blockWidth)
                {
                    var first = start + k;
                    var fit = _tileFit.AsSpan(k, blockWidth);
                    var shift = MeanDifference(_spectrum.AsSpan(first, blockWidth), fit);
                    AddScalar(fit, shift, _tileOffset.AsSpan(k, blockWidth));
                    var touchesDc = _geometry.DcRepair && first <= _geometry.DcChannel && first + blockWidth > _geometry.DcChannel - 1;
                    _blockSums[first / blockWidth] = touchesDc
                        ? RepairedBlockSums(data, first, shift)
                        : PowerSums.Accumulate(data + first, width, rows, offset + k, blockWidth, shift);
                }
            }
        }
    }

    /// <summary>mean(a − b): the block's exact filtered mean, the shift that keeps its power sums accurate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double MeanDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        var j = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= 4)
        {
            var acc = Vector256<double>.Zero;
            for (; j + 4 <= a.Length; j += 4) acc += Vector256.Create(a.Slice(j, 4)) - Vector256.Create(b.Slice(j, 4));
            sum = Vector256.Sum(acc);
        }
        for (; j < a.Length; j++) sum += a[j] - b[j];
        return sum / a.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScalar(ReadOnlySpan<double> source, double value, Span<double> destination)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (var v = Vector256.Create(value); j + 4 <= source.Length; j += 4)
                (Vector256.Create(source.Slice(j, 4)) + v).CopyTo(destination.Slice(j, 4));
        for (; j < source.Length; j++) destination[j] = source[j] + value;
    }

    /// <summary>The block holding a DC-repaired column: scalar, reading repaired values in float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe PowerSums RepairedBlockSums(float* data, int first, double shift)
    {
        var sums = new PowerSums { Shift = shift };
        var width = _geometry.CoarseWidth;
        var tileOffset = first % _tileColumns;
        for (var t = 0; t < _geometry.Integrations; t++)
        {
            var row = new ReadOnlySpan<float>(data + (long)t * width, width);
            for (var j = 0; j < _blockWidth; j++) sums.Add(Value(row, first + j) - _tileOffset[tileOffset + j]);
        }
        return sums;
    }
}
