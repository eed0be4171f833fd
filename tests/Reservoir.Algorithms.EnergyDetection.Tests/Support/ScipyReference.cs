using System.Globalization;
using Reservoir.TestSupport;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Support;

/// <summary>
/// The energy-detection semantics written plainly with numpy float64 and scipy (splrep/splev with the same
/// knots, scipy.stats.normaltest on each raveled window), run on raw float32 data: every window's K² at full
/// precision, the hits in order and their stamps.
/// </summary>
internal static class ScipyReference
{
    public sealed record Window(int CoarseChannel, int Start, double Statistic);

    public sealed record Result(IReadOnlyList<Window> Windows, IReadOnlyList<Window> Hits, float[] HitStamps);

    private const string Script = """
        import sys
        import numpy as np
        from scipy.interpolate import splrep, splev
        from scipy.stats import normaltest

        path, n_ints, nchans, W, window, step, divisor, dc_repair, threshold, stamps_path = sys.argv[1:]
        n_ints, nchans, W, window, step, divisor = map(int, (n_ints, nchans, W, window, step, divisor))
        dc_repair = dc_repair == "true"
        threshold = float(threshold)
        data = np.fromfile(path, dtype="<f4").reshape(n_ints, nchans)
        x = np.arange(W, dtype=np.float64)
        spacing = W // divisor + 1
        knots = np.arange(spacing, W, spacing)
        stamps = []
        for c in range(nchans // W):
            d = data[:, c * W:(c + 1) * W].astype(np.float64)
            if dc_repair:
                dc = W // 2
                d[:, dc] = (d[:, dc + 1] + d[:, dc - 3]) / 2
                d[:, dc - 1] = (d[:, dc + 2] + d[:, dc - 2]) / 2
            spectrum = d.mean(axis=0)
            tck = splrep(x, spectrum, k=3, t=knots)
            filtered = d - splev(x, tck)
            i = 0
            while i < W - step and i + window <= W:
                k2, p = normaltest(filtered[:, i:i + window], axis=None)
                print("K", c, i, repr(float(k2)))
                if k2 > threshold:
                    print("H", c, i, repr(float(k2)))
                    stamps.append(filtered[:, i:i + window].astype(np.float32))
                i += step
        np.asarray(stamps, dtype="<f4").reshape(-1).tofile(stamps_path)
        """;

    public static Result Run(string rawPath, int integrations, int channels, int coarseWidth, int window = 256, int step = 128,
        int divisor = 16, bool dcRepair = true, double threshold = 2048)
    {
        Python.RequireModules("numpy", "scipy");
        var stampsPath = rawPath + ".stamps";
        var output = Python.RunScript(Script, rawPath, Text(integrations), Text(channels), Text(coarseWidth), Text(window), Text(step),
            Text(divisor), dcRepair ? "true" : "false", threshold.ToString("R", CultureInfo.InvariantCulture), stampsPath);
        var windows = new List<Window>();
        var hits = new List<Window>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(' ');
            var w = new Window(int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture),
                f[3] == "nan" ? double.NaN : double.Parse(f[3], CultureInfo.InvariantCulture));
            (f[0] == "K" ? windows : hits).Add(w);
        }
        var bytes = File.ReadAllBytes(stampsPath);
        var stamps = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, stamps, 0, bytes.Length);
        return new Result(windows, hits, stamps);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
