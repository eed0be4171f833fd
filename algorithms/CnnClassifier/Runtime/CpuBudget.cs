using System.Globalization;

namespace Reservoir.Algorithms.CnnClassifier.Runtime;

/// <summary>
/// How many threads inference should use: the pod's CPU limit (cgroup v2 <c>cpu.max</c>, quota / period,
/// rounded up) when there is one, else the processor count; never more than the processor count, at least 1.
/// </summary>
public static class CpuBudget
{
    /// <summary>The cgroup v2 CPU limit file of this process.</summary>
    public const string CgroupCpuMax = "/sys/fs/cgroup/cpu.max";

    public static int Threads() => Threads(File.Exists(CgroupCpuMax) ? SafeRead(CgroupCpuMax) : null, Environment.ProcessorCount);

    /// <summary>Threads for a <c>cpu.max</c> text ("max 100000" or "250000 100000") and a processor count.</summary>
    public static int Threads(string? cpuMax, int processors)
    {
        processors = Math.Max(1, processors);
        var parts = cpuMax?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 } || parts[0] == "max") return processors;
        if (!long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quota)
            || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var period) || quota <= 0 || period <= 0)
            return processors;
        var limit = (int)Math.Min(int.MaxValue, (quota + period - 1) / period);
        return Math.Clamp(limit, 1, processors);
    }

    private static string? SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
