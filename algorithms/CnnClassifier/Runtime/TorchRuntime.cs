using System.Runtime.InteropServices;
using TorchSharp;

namespace Reservoir.Algorithms.CnnClassifier.Runtime;

/// <summary>
/// One-time process set-up of libtorch, before the first tensor: huge-page allocation
/// (<c>THP_MEM_ALLOC_ENABLE=1</c> through libc <c>setenv</c>, because native code never sees .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/>; with 4 KiB pages libtorch is ~3x slower at
/// batch ≥ 8) and the intra-op thread count. Safe to call from many threads; the first call wins.
/// </summary>
public static partial class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>Threads libtorch uses after <see cref="EnsureInitialized"/>.</summary>
    public static int Threads { get; private set; }

    /// <summary>Sets up libtorch once; <paramref name="threads"/> ≤ 0 means <see cref="CpuBudget.Threads"/>.</summary>
    public static void EnsureInitialized(int threads = 0)
    {
        lock (Gate)
        {
            if (_initialized) return;
            if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("THP_MEM_ALLOC_ENABLE") is null)
                SetNativeEnvironment("THP_MEM_ALLOC_ENABLE", "1", 1);
            Threads = threads > 0 ? threads : CpuBudget.Threads();
            torch.set_num_threads(Threads);
            _initialized = true;
        }
    }

    /// <summary>CUDA when libtorch has a usable GPU (a CUDA libtorch build and a device), else the CPU.</summary>
    public static torch.Device PreferredDevice(bool allowCuda)
    {
        EnsureInitialized();
        return allowCuda && torch.cuda.is_available() ? torch.CUDA : torch.CPU;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironment(string name, string value, int overwrite);
}
