using Reservoir.Sdk;

namespace Reservoir.Formats.Preprocessing;

/// <summary>
/// Prepares a Kepler/TESS-style light curve (TIME, a flux column such as PDCSAP_FLUX, QUALITY) for a 1-D model:
/// <list type="number">
/// <item>drop cadences whose time or flux is not finite, or whose QUALITY has a bit of the mask set;</item>
/// <item>order by time;</item>
/// <item>divide by the median flux of the kept points (so the result is ≈ 1);</item>
/// <item>sample linearly (numpy <c>interp</c>) onto <see cref="LightCurveOptions.Length"/> uniformly spaced times
/// from the first to the last kept time inclusive; gaps are bridged by the straight line across them.</item>
/// </list>
/// Fewer than two usable points, a single time or a zero median is a <see cref="BadInputException"/>.
/// </summary>
public static class LightCurvePreparation
{
    /// <param name="quality">Per-cadence flags, or empty for none.</param>
    /// <param name="source">Names the light curve in errors (file and column).</param>
    public static PreparedLightCurve Prepare(ReadOnlySpan<double> time, ReadOnlySpan<double> flux, ReadOnlySpan<long> quality,
        LightCurveOptions options, string source = "light curve")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (time.Length != flux.Length || (quality.Length != 0 && quality.Length != time.Length))
            throw new ArgumentException($"{source}: TIME ({time.Length}), flux ({flux.Length}) and QUALITY ({quality.Length}) lengths differ");
        var t = new List<double>(time.Length);
        var f = new List<double>(time.Length);
        for (var i = 0; i < time.Length; i++)
        {
            if (!double.IsFinite(time[i]) || !double.IsFinite(flux[i])) continue;
            if (quality.Length != 0 && (quality[i] & options.QualityMask) != 0) continue;
            t.Add(time[i]);
            f.Add(flux[i]);
        }
        if (t.Count < 2) throw new BadInputException($"{source}: {t.Count} of {time.Length} cadences are usable (finite, unflagged); at least 2 are needed");
        var times = t.ToArray();
        var fluxes = f.ToArray();
        Array.Sort(times, fluxes);
        var median = Median(fluxes);
        if (median == 0) throw new BadInputException($"{source}: the median flux is 0; cannot normalise");
        var start = times[0];
        var span = times[^1] - start;
        if (!(span > 0)) throw new BadInputException($"{source}: all usable cadences share one time ({start})");

        var grid = new double[options.Length];
        var output = new float[options.Length];
        var j = 0;
        for (var k = 0; k < grid.Length; k++)
        {
            var x = k == grid.Length - 1 ? times[^1] : start + span * k / (grid.Length - 1);
            grid[k] = x;
            while (j < times.Length - 2 && times[j + 1] <= x) j++;
            var (x0, x1) = (times[j], times[j + 1]);
            var y = x1 > x0 ? fluxes[j] + (fluxes[j + 1] - fluxes[j]) * (x - x0) / (x1 - x0) : fluxes[j + 1];
            output[k] = (float)(y / median);
        }
        return new PreparedLightCurve(grid, output, times.Length);
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
