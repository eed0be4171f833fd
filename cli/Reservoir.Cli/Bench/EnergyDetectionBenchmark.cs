using System.Diagnostics;
using Reservoir.Core.Execution;
using Reservoir.Core.Results;
using Reservoir.Formats;
using Reservoir.Formats.Hdf5;
using Reservoir.Sdk.Observations;
using Reservoir.Synthetic;

namespace Reservoir.Cli.Bench;

/// <summary>What the benchmark measures with; every field has a default suited to the issue's targets.</summary>
internal sealed record EnergyDetectionBenchmarkOptions
{
    /// <summary>Coarse channels of 2^20 fine channels × 16 integrations (64 MiB of float32 each). The default value is 16 (1 GiB).</summary>
    public int CoarseChannels { get; init; } = 16;

    /// <summary>Folder for the generated file and results. The default value is a fresh temp folder.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Keep the generated file and results afterwards. The default value is false.</summary>
    public bool Keep { get; init; }

    public ulong Seed { get; init; } = 2026;
}

/// <summary>
/// The energy-detection throughput benchmark: generates a Breakthrough Listen fine-resolution .h5
/// (W = 2^20, 16 integrations, bitshuffle+LZ4), then in one run measures a decode-only pass over it (one
/// thread, in this process, warmed up: the limit) and energy detection end to end (one `reservoir run` child
/// process, as the local executor and a Kubernetes pod run it), and prints throughput, their ratio and the
/// runner's peak RSS beside the issue's targets. A second runner process over a one-coarse-channel file of the
/// same kind gives the fixed cost of a process (start-up, JIT, plugin load, file open), so the steady-state
/// rate per coarse channel can be told apart from it.
/// </summary>
internal sealed class EnergyDetectionBenchmark(EnergyDetectionBenchmarkOptions options, TextWriter output)
{
    private const int FineChannels = 1 << 20;
    private const int Integrations = 16;
    private const double Mega = 1e6;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"reservoir-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            var file = Path.Combine(work, "bench.h5");
            var single = Path.Combine(work, "single.h5");
            var spec = Spec(options.CoarseChannels);
            var dataBytes = spec.TotalChannels * Integrations * sizeof(float);
            output.WriteLine($"energy-detection benchmark: {options.CoarseChannels} coarse channels × {FineChannels} fine channels × {Integrations} integrations = {dataBytes / (double)(1L << 30):F2} GiB of float32");
            output.WriteLine($"one coarse channel block = {Integrations * (long)FineChannels * 4 / Mega:F1} MB; processor count {Environment.ProcessorCount}");

            var generate = Stopwatch.StartNew();
            using (var synthetic = new SyntheticObservation(spec)) BlHdf5Writer.Write(synthetic, file);
            generate.Stop();
            var stored = new FileInfo(file).Length;
            output.WriteLine($"generated {file}: {stored / Mega:F1} MB stored (bitshuffle+LZ4, ratio {dataBytes / (double)stored:F2}) in {generate.Elapsed.TotalSeconds:F1} s");

            using (var synthetic = new SyntheticObservation(Spec(1))) BlHdf5Writer.Write(synthetic, single);

            var decode = MeasureDecode(file, cancellationToken);
            var detect = await MeasureEnergyDetectionAsync(file, "bench", Path.Combine(work, "results"), cancellationToken);
            var fixedCost = await MeasureEnergyDetectionAsync(single, "single", Path.Combine(work, "results"), cancellationToken);
            Report(dataBytes, decode, detect, fixedCost);
            return detect.ExitCode != 0 ? detect.ExitCode : fixedCost.ExitCode;
        }
        finally
        {
            if (!options.Keep) Directory.Delete(work, recursive: true);
            else output.WriteLine($"kept {work}");
        }
    }

    private SyntheticObservationSpec Spec(int coarseChannels) => SyntheticObservationSpec.Demo(options.Seed, new DemoOptions
    {
        CoarseChannels = coarseChannels, FineChannelsPerCoarse = FineChannels, Integrations = Integrations, Tones = coarseChannels,
    });

    private sealed record Measurement(TimeSpan Wall, TimeSpan Cpu, long PeakRssBytes = 0, int ExitCode = 0, long Hits = 0);

    /// <summary>
    /// Reads every coarse channel block once, as energy detection does. The first block is read once before
    /// the clock starts, so JIT and the first touch of the buffer's pages are not counted: this is the limit.
    /// </summary>
    private Measurement MeasureDecode(string file, CancellationToken cancellationToken)
    {
        using var observation = ObservationFile.Open(file);
        var buffer = new float[Integrations * FineChannels];
        var coarse = (int)(observation.Shape.Channels / FineChannels);
        observation.Read(DataBlock.AllTimes(observation.Shape, 0, 0, FineChannels), buffer);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        double checksum = 0;
        for (var c = 0; c < coarse; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            observation.Read(DataBlock.AllTimes(observation.Shape, 0, (long)c * FineChannels, FineChannels), buffer);
            checksum += buffer[c] + buffer[^1];
        }
        wall.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        output.WriteLine($"decode-only pass done (checksum {checksum:E3})");
        return new Measurement(wall.Elapsed, cpu);
    }

    /// <summary>Runs `reservoir run` as a child process, as the local executor does, and reads its resource use.</summary>
    private async Task<Measurement> MeasureEnergyDetectionAsync(string file, string observationId, string results, CancellationToken cancellationToken)
    {
        var runner = RunnerCommand.CurrentProcess();
        var start = new ProcessStartInfo(runner.FileName) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in runner.LeadingArguments) start.ArgumentList.Add(argument);
        foreach (var argument in new[] { "run", "--algorithm", "energy-detection", "--input", file, "--output", results, "--observation", observationId })
            start.ArgumentList.Add(argument);

        var before = ChildResources.Read();
        var wall = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {runner.FileName}");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        wall.Stop();
        var after = ChildResources.Read();
        if (process.ExitCode != 0)
            output.WriteLine($"runner failed with exit code {process.ExitCode}:\n{await stderr}{await stdout}");

        var manifest = Path.Combine(results, observationId, "energy-detection", "manifest.json");
        var hits = File.Exists(manifest) ? LocalResultStore.ReadHits(manifest) : 0;
        return new Measurement(wall.Elapsed, after.CpuTime - before.CpuTime, after.MaxRssBytes, process.ExitCode, hits);
    }

    private void Report(long dataBytes, Measurement decode, Measurement detect, Measurement fixedCost)
    {
        double Rate(TimeSpan t) => dataBytes / Mega / t.TotalSeconds;
        var blockBytes = Integrations * (long)FineChannels * sizeof(float);
        var rssBudget = 3 * blockBytes + 250_000_000L;
        var ratio = Rate(decode.Cpu) / Rate(detect.Cpu); // CPU time: the machines are shared and wall time is noisy
        var perCore = Rate(detect.Cpu);

        output.WriteLine();
        output.WriteLine($"{"measure",-44} {"wall s",8} {"cpu s",8} {"MB/s wall",10} {"MB/s per core (cpu)",20}");
        output.WriteLine($"{"decode only (in-process, 1 thread)",-44} {decode.Wall.TotalSeconds,8:F2} {decode.Cpu.TotalSeconds,8:F2} {Rate(decode.Wall),10:F0} {Rate(decode.Cpu),20:F0}");
        output.WriteLine($"{"energy detection end to end (runner process)",-44} {detect.Wall.TotalSeconds,8:F2} {detect.Cpu.TotalSeconds,8:F2} {Rate(detect.Wall),10:F0} {perCore,20:F0}");
        var blocksBeyondOne = options.CoarseChannels - 1;
        if (blocksBeyondOne > 0)
        {
            var steadyCpu = detect.Cpu - fixedCost.Cpu;
            var steady = blockBytes * blocksBeyondOne / Mega / steadyCpu.TotalSeconds;
            output.WriteLine($"{"runner process on a 1-coarse-channel file",-44} {fixedCost.Wall.TotalSeconds,8:F2} {fixedCost.Cpu.TotalSeconds,8:F2}");
            output.WriteLine($"{"energy detection steady state (per block)",-44} {"",8} {steadyCpu.TotalSeconds,8:F2} {"",10} {steady,20:F0}");
            output.WriteLine($"  (steady state = the {blocksBeyondOne} coarse channels beyond the first, after the fixed cost of one process: {Rate(decode.Cpu) / steady:F2}× decode-only)");
        }
        output.WriteLine();
        output.WriteLine($"hits: {detect.Hits}");
        output.WriteLine($"end to end is {ratio:F2}× slower than decode only (per core)    target ≤ 2     {(ratio <= 2 ? "met" : "MISSED")}");
        output.WriteLine($"end to end per core: {perCore:F0} MB/s                           target ≥ 1000  {(perCore >= 1000 ? "met" : "MISSED")}");
        output.WriteLine($"runner peak RSS: {detect.PeakRssBytes / Mega:F0} MB (budget 3 × {blockBytes / Mega:F0} MB + 250 MB = {rssBudget / Mega:F0} MB)  {(detect.PeakRssBytes <= rssBudget ? "met" : "MISSED")}");
    }
}
