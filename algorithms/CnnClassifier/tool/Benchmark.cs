namespace Reservoir.Algorithms.CnnClassifier.Tool;

internal static class Benchmark
{
    public static int Run(CommandLine options) { options.RejectUnknown(); return 0; }
}
