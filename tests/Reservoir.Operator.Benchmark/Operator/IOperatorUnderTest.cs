namespace Reservoir.Operator.Benchmark.Operator;

/// <summary>The operator being measured: a child process (RSS of its own) or loops inside the bench.</summary>
public interface IOperatorUnderTest : IAsyncDisposable
{
    /// <summary>Words for the report ("child process 1234", "in-process").</summary>
    string Description { get; }

    /// <summary>The process whose /proc/PID/status is read.</summary>
    int ProcessId { get; }

    /// <summary>The latest in-process figures (a child reports them every second).</summary>
    OperatorStats? LatestStats { get; }
}

/// <summary>VmRSS and VmHWM (peak RSS) of a process, in bytes, from /proc/PID/status.</summary>
public sealed record ProcessMemory(long RssBytes, long PeakRssBytes, long AnonBytes, long FileBytes, long ShmemBytes)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"VmRSS {RssBytes / 1048576.0:F1} MB (anon {AnonBytes / 1048576.0:F1}, file {FileBytes / 1048576.0:F1}, shmem {ShmemBytes / 1048576.0:F1}), VmHWM {PeakRssBytes / 1048576.0:F1} MB");

    public static ProcessMemory? Read(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return null;
        long rss = 0, hwm = 0, anon = 0, file = 0, shmem = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kilobytes(line);
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kilobytes(line);
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Kilobytes(line);
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal)) shmem = Kilobytes(line);
        }
        return new ProcessMemory(rss, hwm, anon, file, shmem);
    }

    // "VmRSS:     123456 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
