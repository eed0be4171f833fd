using System.Diagnostics;
using System.Globalization;

namespace Reservoir.Core.Queue;

/// <summary>
/// A process that may hold leases, identified by process ID and start time (the start time tells a live
/// owner from an unrelated process that later got the same ID). Written into lease file names as
/// <c>{pid}-{startUnixMs}</c>.
/// </summary>
public sealed record LeaseOwner(int ProcessId, long StartedUnixMs)
{
    // Start times are derived from boot time and clock ticks; allow for rounding between readings.
    private const long StartTimeToleranceMs = 2000;

    public static LeaseOwner Current { get; } = ForProcess(Process.GetCurrentProcess());

    public static LeaseOwner ForProcess(Process process) =>
        new(process.Id, new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds());

    public string Tag => string.Create(CultureInfo.InvariantCulture, $"{ProcessId}-{StartedUnixMs}");

    public static LeaseOwner? ParseTag(string tag)
    {
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0) return null;
        return int.TryParse(tag.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
               && long.TryParse(tag.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var started)
            ? new LeaseOwner(pid, started)
            : null;
    }

    /// <summary>True while the process that took the lease is still running.</summary>
    public bool IsAlive()
    {
        if (this == Current) return true;
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            if (process.HasExited || IsZombie(ProcessId)) return false;
            return Math.Abs(ForProcess(process).StartedUnixMs - StartedUnixMs) <= StartTimeToleranceMs;
        }
        catch (ArgumentException) { return false; }        // no such process
        catch (InvalidOperationException) { return false; } // exited while we looked
    }

    // A killed but unreaped process still has an ID; it holds nothing any more.
    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is 'Z' or 'X';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
