using System.Globalization;
using Reservoir.Operator.Benchmark.Operator;

namespace Reservoir.Operator.Benchmark.Report;

/// <summary>Everything one run measured, printed as a table with the issue's targets met or missed.</summary>
public sealed record BenchReport(
    string OperatorDescription, BenchOptions Options, LatencySummary? Steady, LatencySummary? Burst, LatencySummary? Fill,
    int Tracked, ProcessMemory? Memory, OperatorStats? StatsBefore, OperatorStats? StatsAfter, IReadOnlyList<string> CallTimings)
{
    public const double TargetP99Seconds = 1.0;
    public const double TargetJobsPerSecond = 200;
    public const long TargetRssBytes = 150L * 1024 * 1024;

    public bool AllMet => (Steady is null || SteadyMet) && (Burst is null || BurstMet) && (Memory is null || Tracked == 0 || MemoryMet);
    private bool SteadyMet => Steady is { } s && s.Dispatched == s.Messages && s.P99.TotalSeconds < TargetP99Seconds;
    private bool BurstMet => Burst is { } b && b.Dispatched == b.Messages && b.JobsPerSecond >= TargetJobsPerSecond;
    private bool MemoryMet => Memory is { } m && m.RssBytes <= TargetRssBytes;

    public void Print(TextWriter w)
    {
        w.WriteLine($"operator: {OperatorDescription}");
        w.WriteLine();
        w.WriteLine($"{"phase",-22} {"msgs",6} {"jobs",6} {"p50",8} {"p90",8} {"p99",8} {"max",8} {"jobs/s",8}");
        foreach (var s in new[] { Steady, Burst, Fill })
            if (s is not null)
                w.WriteLine($"{s.Phase,-22} {s.Messages,6} {s.Dispatched,6} {Ms(s.P50),8} {Ms(s.P90),8} {Ms(s.P99),8} {Ms(s.Max),8} {s.JobsPerSecond,8:F1}");
        w.WriteLine("(latency: publish call -> first sight of the Job on a watch, ms; jobs/s: Jobs / (first publish -> last Job))");
        if (Memory is { } m)
            w.WriteLine($"operator memory tracking {Tracked} Searches and their Jobs: {m}");
        if (StatsBefore is { } a && StatsAfter is { } z && z.JobsCreated > a.JobsCreated)
        {
            var jobs = z.JobsCreated - a.JobsCreated;
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"operator per Job: {(z.AllocatedBytes - a.AllocatedBytes) / jobs / 1024.0:F1} KiB allocated, {(z.CpuSeconds - a.CpuSeconds) * 1000 / jobs:F2} ms CPU; " +
                $"GCs gen0/1/2 {z.Gen0 - a.Gen0}/{z.Gen1 - a.Gen1}/{z.Gen2 - a.Gen2}; managed heap {Mb(z.HeapBytes)} MB; reconcile errors {z.ReconcileErrors - a.ReconcileErrors}"));
        }
        if (CallTimings.Count > 0)
        {
            w.WriteLine($"operator's calls over the whole run: {"kind",-36} {"count",7} {"total ms",9} {"mean ms",8} {"max ms",7}");
            foreach (var f in CallTimings.Select(l => l.Split(' ')))
            {
                var count = long.Parse(f[2], CultureInfo.InvariantCulture);
                var total = double.Parse(f[3], CultureInfo.InvariantCulture);
                w.WriteLine($"{"",34} {f[1],-36} {count,7} {total,9:F0} {total / Math.Max(1, count),8:F1} {f[4],7}");
            }
        }
        w.WriteLine();
        w.WriteLine("targets:");
        if (Steady is not null) Line(w, $"p99 < {TargetP99Seconds:F0} s at {Options.Rate:F0}/s", SteadyMet, $"{Ms(Steady.P99)} ms, {Steady.Dispatched}/{Steady.Messages} dispatched");
        if (Burst is not null) Line(w, $">= {TargetJobsPerSecond:F0} Jobs/s (burst of {Options.Burst})", BurstMet, $"{Burst.JobsPerSecond:F1} Jobs/s, {Burst.Dispatched}/{Burst.Messages} dispatched");
        if (Memory is not null && Tracked > 0) Line(w, $"RSS <= {Mb(TargetRssBytes)} MB at {Tracked} Searches", MemoryMet, $"{Mb(Memory.RssBytes)} MB");
    }

    private static void Line(TextWriter w, string target, bool met, string figure) =>
        w.WriteLine($"  {(met ? "MET   " : "MISSED")} {target,-40} {figure}");

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
}
