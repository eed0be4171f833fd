using System.Runtime.InteropServices;

namespace Reservoir.Cli.Bench;

/// <summary>
/// Resource use of this process's finished children, from getrusage(RUSAGE_CHILDREN): CPU time summed over
/// every waited-for child and the largest peak RSS among them. Linux only; used by the benchmark, which
/// waits for one child at a time and takes differences.
/// </summary>
internal static partial class ChildResources
{
    private const int RusageChildren = -1;

    public readonly record struct Snapshot(TimeSpan CpuTime, long MaxRssBytes);

    public static Snapshot Read()
    {
        if (!OperatingSystem.IsLinux()) return default;
        if (GetRusage(RusageChildren, out var usage) != 0) return default;
        var cpu = TimeSpan.FromSeconds(usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6);
        return new Snapshot(cpu, usage.MaxRssKilobytes * 1024);
    }

    // struct rusage on x86_64/arm64 Linux: two timevals then fourteen longs, ru_maxrss first (kilobytes).
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRssKilobytes;
        public long Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out Rusage usage);
}
