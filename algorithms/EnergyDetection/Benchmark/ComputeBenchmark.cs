using System.Diagnostics;
using Reservoir.Algorithms.EnergyDetection.Detection;
using Reservoir.Sdk.Memory;

namespace Reservoir.Algorithms.EnergyDetection.Benchmark;

/// <summary>Throughput of the detector on one in-memory coarse channel (decode replaced by a row copy).</summary>
/// <param name="Integrations">Rows of the block.</param>
/// <param name="CoarseWidth">W, channels of the block.</param>
/// <param name="Repetitions">Timed runs after one warm-up.</param>
/// <param name="Best">Fastest run.</param>
/// <param name="Median">Median run.</param>
public sealed record ComputeThroughput(int Integrations, int CoarseWidth, int Repetitions, TimeSpan Best, TimeSpan Median)
{
    /// <summary>Bytes of float32 input per run.</summary>
    public long InputBytes => 4L * Integrations * CoarseWidth;

    /// <summary>Input megabytes (10^6 bytes) per second at the median run.</summary>
    public double MedianMegabytesPerSecond => InputBytes / Median.TotalSeconds / 1e6;

    /// <summary>Input megabytes (10^6 bytes) per second at the best run.</summary>
    public double BestMegabytesPerSecond => InputBytes / Best.TotalSeconds / 1e6;

    public override string ToString() => FormattableString.Invariant(
        $"energy-detection compute (rows copied in as a decoder writes them), {Integrations} x {CoarseWidth} float32 ({InputBytes / 1e6:F1} MB): median {Median.TotalMilliseconds:F2} ms = {MedianMegabytesPerSecond:F0} MB/s, best {Best.TotalMilliseconds:F2} ms = {BestMegabytesPerSecond:F0} MB/s ({Repetitions} runs, one thread)");
}

/// <summary>
/// Measures the per-core compute of energy detection with default parameters on a synthetic coarse channel
/// (smooth bandpass times noise) along the path a search takes: the detector reads the block one integration
/// at a time (here a row copy out of memory stands in for the decoder) and sums the spectrum as rows arrive,
/// then DC repair, spline fit and every window's K². For benchmark commands; it prints nothing and asserts
/// nothing.
/// </summary>
public static class ComputeBenchmark
{
    public static ComputeThroughput Measure(int integrations = 16, int coarseWidth = 1 << 20, int repetitions = 9, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        var parameters = new EnergyDetectionParameters { CoarseChannelWidth = coarseWidth };
        var geometry = new SearchGeometry(integrations, coarseWidth, 1, parameters.Window, parameters.Step,
            coarseWidth / parameters.KnotSpacingDivisor + 1, parameters.DcRepair, "benchmark");
        var detector = new CoarseChannelDetector(geometry);
        using var observation = new RowCopyingObservation(SyntheticBlock(integrations, coarseWidth, seed), integrations, coarseWidth);
        using var buffer = new LargeBuffer<float>(integrations * coarseWidth);
        var block = buffer.Span;
        var statistics = new double[detector.WindowCount];

        detector.Process(observation, 0, 0, block, statistics); // warm-up: JIT and page faults
        var times = new TimeSpan[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            var clock = Stopwatch.StartNew();
            detector.Process(observation, 0, 0, block, statistics);
            times[r] = clock.Elapsed;
        }
        Array.Sort(times);
        return new ComputeThroughput(integrations, coarseWidth, repetitions, times[0], times[repetitions / 2]);
    }

    private static float[] SyntheticBlock(int integrations, int width, int seed)
    {
        var random = new Random(seed);
        var block = GC.AllocateUninitializedArray<float>(integrations * width);
        for (var t = 0; t < integrations; t++)
            for (var j = 0; j < width; j++)
            {
                var bandpass = 1e9 * (1.2 + Math.Sin(6.0 * j / width));
                block[t * width + j] = (float)(bandpass * (1 + 0.02 * (random.NextDouble() - 0.5)));
            }
        return block;
    }
}
