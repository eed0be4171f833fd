using System.CommandLine;
using Reservoir.Cli.Bench;

namespace Reservoir.Cli.Commands;

/// <summary>`reservoir bench energy-detection`: measured on purpose, never part of the tests.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var coarse = new Option<int>("--coarse-channels")
        {
            Description = "Coarse channels of 2^20 fine channels × 16 integrations (64 MiB each); 16 makes 1 GiB.",
            DefaultValueFactory = _ => 16,
        };
        var work = new Option<string?>("--work") { Description = "Folder for the generated file and results (default: a temp folder)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated file and results." };
        var energy = new Command("energy-detection", "Energy-detection throughput vs a decode-only pass, and the runner's peak RSS, on a generated BL .h5.")
        {
            coarse, work, keep,
        };
        energy.SetAction(async (parse, cancellationToken) =>
        {
            var options = new EnergyDetectionBenchmarkOptions
            {
                CoarseChannels = parse.GetValue(coarse), WorkDirectory = parse.GetValue(work), Keep = parse.GetValue(keep),
            };
            if (options.CoarseChannels is < 1 or > 4096)
            {
                await Console.Error.WriteLineAsync("--coarse-channels must be between 1 and 4096");
                return 2;
            }
            return await new EnergyDetectionBenchmark(options, Console.Out).RunAsync(cancellationToken);
        });
        return new Command("bench", "Benchmarks that print figures (run on purpose; not part of the tests).") { energy };
    }
}
