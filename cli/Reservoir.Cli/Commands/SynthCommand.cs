using System.CommandLine;
using System.Globalization;
using Reservoir.Sdk;
using Reservoir.Synthetic;
using Reservoir.Synthetic.Files;

namespace Reservoir.Cli.Commands;

/// <summary>
/// <c>reservoir synth OUTPUT</c>: writes a deterministic synthetic observation (noise on a scalloped bandpass,
/// DC spikes, drifting tones at seeded places) as BL HDF5 or SIGPROC filterbank, prints where the tones are
/// and optionally writes them as JSON. Exit code 2 for bad options, as for every command.
/// </summary>
internal static class SynthCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Argument<string> Output = new("output") { Description = "File to write: .h5 (BL HDF5, bitshuffle+LZ4) or .fil (SIGPROC)" };
    private static readonly Option<string?> Format = new("--format") { Description = "h5 or fil (default: from the output's extension)" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of every random value", DefaultValueFactory = _ => 42 };
    private static readonly Option<int> CoarseChannels = new("--coarse-channels") { Description = "Coarse channels", DefaultValueFactory = _ => 4 };
    private static readonly Option<int> FineChannels = new("--fine-channels") { Description = "Fine channels per coarse channel, W (multiple of 16)", DefaultValueFactory = _ => 1 << 20 };
    private static readonly Option<int> Integrations = new("--integrations") { Description = "Integrations (time rows)", DefaultValueFactory = _ => 16 };
    private static readonly Option<int> Ifs = new("--ifs") { Description = "IFs (polarisation products)", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Tones = new("--tones") { Description = "Drifting tones placed at seeded random channels", DefaultValueFactory = _ => 8 };
    private static readonly Option<double> Snr = new("--snr") { Description = "Tone power per channel-integration, in local noise standard deviations", DefaultValueFactory = _ => 30 };
    private static readonly Option<double> DriftMin = new("--drift-min") { Description = "Lowest tone drift, channels per integration", DefaultValueFactory = _ => -1 };
    private static readonly Option<double> DriftMax = new("--drift-max") { Description = "Highest tone drift, channels per integration", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Bursts = new("--bursts") { Description = "Broadband RFI bursts (a quarter coarse channel, 1-2 integrations, SNR 5) at seeded random places", DefaultValueFactory = _ => 0 };
    private static readonly Option<double> NoiseDof = new("--noise-dof") { Description = "Chi-squared degrees of freedom of the noise", DefaultValueFactory = _ => 204 };
    private static readonly Option<int> Nbits = new("--nbits") { Description = "Filterbank sample size: 32 (float), 16 or 8 (integers; the level is lowered to fit)", DefaultValueFactory = _ => 32 };
    private static readonly Option<double?> Level = new("--level") { Description = "Bandpass level (default 1e9; 4000 for nbits 16, 40 for nbits 8)" };
    private static readonly Option<string> SourceName = new("--source-name") { Description = "source_name header value", DefaultValueFactory = _ => "SYNTHETIC_DEMO" };
    private static readonly Option<string?> Truth = new("--truth") { Description = "Also write where the tones are as JSON to this file" };

    // Spec and demo fields named in BadParameterException, as the options a user typed.
    private static readonly Dictionary<string, string> OptionNames = new()
    {
        ["Integrations"] = "--integrations", ["Ifs"] = "--ifs", ["CoarseChannels"] = "--coarse-channels",
        ["FineChannelsPerCoarse"] = "--fine-channels", ["NoiseDegreesOfFreedom"] = "--noise-dof", ["BandpassLevel"] = "--level",
        ["Tones"] = "--tones", ["RandomBursts"] = "--bursts", ["MaxDrift"] = "--drift-min/--drift-max", ["nbits"] = "--nbits", ["format"] = "--format",
    };

    public static Command Create()
    {
        var command = new Command("synth", "Write a deterministic synthetic observation with drifting tones (.h5 or .fil).")
        {
            Output, Format, Seed, CoarseChannels, FineChannels, Integrations, Ifs, Tones, Snr, DriftMin, DriftMax, Bursts, NoiseDof, Nbits, Level, SourceName, Truth,
        };
        command.SetAction(parseResult =>
        {
            try
            {
                Run(parseResult);
                return 0;
            }
            catch (BadParameterException e) when (OptionNames.TryGetValue(e.Parameter, out var option))
            {
                Console.Error.WriteLine($"synth: {option}: {e.Message[(e.Message.IndexOf(':') + 2)..]}");
                return 2;
            }
            catch (BadInputException e)
            {
                Console.Error.WriteLine($"synth: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"synth: cannot write {parseResult.GetValue(Output)}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Run(ParseResult parse)
    {
        var output = parse.GetValue(Output)!;
        var format = SyntheticFileFormats.Resolve(output, parse.GetValue(Format));
        var nbits = parse.GetValue(Nbits);
        SyntheticFileWriter.ValidateNbits(format, nbits);
        var spec = SyntheticObservationSpec.Demo(parse.GetValue(Seed), new DemoOptions
        {
            CoarseChannels = parse.GetValue(CoarseChannels),
            FineChannelsPerCoarse = parse.GetValue(FineChannels),
            Integrations = parse.GetValue(Integrations),
            Ifs = parse.GetValue(Ifs),
            Tones = parse.GetValue(Tones),
            Snr = parse.GetValue(Snr),
            MinDrift = parse.GetValue(DriftMin),
            MaxDrift = parse.GetValue(DriftMax),
            SourceName = parse.GetValue(SourceName)!,
            RandomBursts = parse.GetValue(Bursts),
        }) with
        {
            NoiseDegreesOfFreedom = parse.GetValue(NoiseDof),
            BandpassLevel = parse.GetValue(Level) ?? nbits switch { 8 => 40, 16 => 4000, _ => 1e9 },
        };
        spec.Validate();

        PrintTones(spec);
        var sizeBytes = spec.Integrations * (long)spec.Ifs * spec.TotalChannels * nbits / 8;
        var progress = sizeBytes >= 64L << 20 ? new StderrProgress(output) : null;
        var result = SyntheticFileWriter.Write(spec, output, format, nbits, progress);
        progress?.Finish();

        Console.WriteLine(string.Create(Invariant,
            $"wrote {result.Path}: {FormatName(format)}, {spec.Integrations} × {spec.Ifs} × {spec.TotalChannels} values, {Size(result.Bytes)} ({result.Bytes} bytes)"));
        Console.WriteLine(string.Create(Invariant,
            $"time {result.TotalTime.TotalSeconds:F2} s ({result.WriteMegabytesPerSecond:F0} MB/s of float32 overall; generation {result.GenerateTime.TotalSeconds:F2} s, {result.GenerateMegabytesPerSecond:F0} MB/s)"));

        var truth = parse.GetValue(Truth);
        if (truth is not null)
        {
            TruthFile.Write(truth, spec);
            Console.WriteLine($"truth {Path.GetFullPath(truth)}");
        }
    }

    private static void PrintTones(SyntheticObservationSpec spec)
    {
        var truths = ToneTruth.For(spec);
        Console.WriteLine(string.Create(Invariant,
            $"seed {spec.Seed}: {spec.CoarseChannels} coarse channels × {spec.FineChannelsPerCoarse} fine, {spec.Integrations} integrations, {spec.Ifs} IF(s); {truths.Count} tone(s)"));
        foreach (var b in spec.Bursts)
            Console.WriteLine(string.Create(Invariant,
                $"burst: integrations {b.Integration}..{b.Integration + b.Duration - 1}, channels {b.ChannelStart}..{b.ChannelStart + b.ChannelCount - 1}, SNR {b.Snr:F1}"));
        if (truths.Count == 0) return;
        Console.WriteLine($"{"tone",4} {"coarse",6} {"start channel",13} {"freq MHz",16} {"drift ch/int",12} {"drift Hz/s",11} {"SNR",6}  windows (start channel; 256 wide)");
        foreach (var t in truths)
            Console.WriteLine(string.Create(Invariant,
                $"{t.Tone,4} {t.CoarseChannel,6} {t.StartChannel,13} {t.FrequencyMhz,16:F6} {t.DriftChannelsPerIntegration,12:F3} {t.DriftHzPerSecond,11:F4} {t.Snr,6:F1}  {string.Join(", ", t.WindowStarts)}"));
    }

    private static string FormatName(SyntheticFileFormat format) =>
        format == SyntheticFileFormat.BlHdf5 ? "BL HDF5 (bitshuffle+LZ4)" : "SIGPROC filterbank";

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(Invariant, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(Invariant, $"{bytes / (double)(1L << 20):F1} MiB"),
        _ => string.Create(Invariant, $"{bytes / 1024.0:F1} KiB"),
    };

    /// <summary>Progress on stderr: one updating line on a terminal, a line every 10 % when redirected.</summary>
    private sealed class StderrProgress(string output) : IProgress<double>
    {
        private int _lastTenth = -1;

        public void Report(double value)
        {
            var percent = (int)(value * 100);
            if (!Console.IsErrorRedirected)
            {
                Console.Error.Write($"\rwriting {output}: {percent,3}%");
                return;
            }
            if (percent / 10 == _lastTenth) return;
            _lastTenth = percent / 10;
            Console.Error.WriteLine($"writing {output}: {percent,3}%");
        }

        public void Finish()
        {
            if (!Console.IsErrorRedirected) Console.Error.WriteLine();
        }
    }
}
