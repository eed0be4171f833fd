using Reservoir.Operator.Benchmark.Load;

namespace Reservoir.Operator.Benchmark.Report;

/// <summary>Dispatch latencies of one phase (publish → first sight of the Job) and its Job rate.</summary>
public sealed record LatencySummary(string Phase, int Messages, int Dispatched, TimeSpan P50, TimeSpan P90, TimeSpan P99, TimeSpan Max, double JobsPerSecond)
{
    /// <param name="published">Observation → publish time.</param>
    /// <param name="firstSeen">Observation → first sight of its Job, or null when none came.</param>
    public static LatencySummary Of(string phase, IReadOnlyDictionary<string, long> published, Func<string, long?> firstSeen)
    {
        var latencies = new List<TimeSpan>(published.Count);
        long first = long.MaxValue, last = long.MinValue;
        foreach (var (id, at) in published)
        {
            first = Math.Min(first, at);
            if (firstSeen(id) is not { } seen) continue;
            latencies.Add(BenchClock.Between(at, seen));
            last = Math.Max(last, seen);
        }
        latencies.Sort();
        var span = latencies.Count == 0 ? TimeSpan.Zero : BenchClock.Between(first, last);
        return new LatencySummary(phase, published.Count, latencies.Count,
            Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99),
            latencies.Count == 0 ? TimeSpan.Zero : latencies[^1],
            span > TimeSpan.Zero ? latencies.Count / span.TotalSeconds : 0);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double q) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
