using System.Diagnostics;

namespace Reservoir.Operator.Benchmark.Load;

/// <summary>One monotonic clock for publish times and first sightings (both are taken in this process).</summary>
public static class BenchClock
{
    public static long Now() => Stopwatch.GetTimestamp();

    public static TimeSpan Between(long from, long to) => Stopwatch.GetElapsedTime(from, to);
}
