using Reservoir.Sdk;
using Reservoir.Synthetic.Noise;

namespace Reservoir.Synthetic.Signals;

/// <summary>
/// Places demo tones at seeded random channels where energy detection sees each one cleanly: the whole track
/// at least <see cref="EdgeMargin"/> channels (or W/16) inside its coarse channel, at least
/// <see cref="DcClearance"/> from the DC spike energy detection overwrites, and at least
/// <see cref="Separation"/> from every other track so no window holds two tones.
/// </summary>
internal static class DemoPlacement
{
    public const int EdgeMargin = 256;
    public const int DcClearance = 256;
    public const int Separation = 512;
    private const int AttemptsPerTone = 10_000;

    public static SyntheticObservationSpec Build(ulong seed, DemoOptions options)
    {
        if (options.Tones < 0) throw new BadParameterException(nameof(options.Tones), $"must be non-negative, got {options.Tones}");
        if (!(options.MinDrift <= options.MaxDrift) || !double.IsFinite(options.MinDrift) || !double.IsFinite(options.MaxDrift))
            throw new BadParameterException(nameof(options.MaxDrift), $"drift range {options.MinDrift}..{options.MaxDrift} is empty or not finite");

        var spec = new SyntheticObservationSpec
        {
            Seed = seed,
            Integrations = options.Integrations,
            Ifs = options.Ifs,
            CoarseChannels = options.CoarseChannels,
            FineChannelsPerCoarse = options.FineChannelsPerCoarse,
            SourceName = options.SourceName,
            Bursts = options.Bursts,
        };
        spec.Validate();

        var width = spec.FineChannelsPerCoarse;
        var margin = Math.Max(EdgeMargin, width / 16);
        var random = new SplitMix64(SplitMix64.Key(seed, 0xDE30_7035));
        var tracks = new List<(long First, long Last)>();
        var tones = new List<SyntheticTone>();
        for (var attempt = 0; tones.Count < options.Tones; attempt++)
        {
            if (attempt >= AttemptsPerTone * Math.Max(1, options.Tones))
                throw new BadParameterException(nameof(options.Tones),
                    $"cannot place {options.Tones} tones {Separation} channels apart, {margin} from coarse-channel edges and {DcClearance} from DC " +
                    $"in {spec.CoarseChannels} coarse channels of {width} (placed {tones.Count}); use fewer tones, more or wider coarse channels");

            var coarse = random.NextLong(spec.CoarseChannels);
            var offset = margin + random.NextLong(Math.Max(1, width - 2 * margin));
            var drift = Math.Round(random.NextDouble(options.MinDrift, options.MaxDrift), 3);
            var tone = new SyntheticTone(coarse * width + offset, drift, options.Snr);
            var (first, last) = ToneTruth.Track(tone, spec.Integrations);
            var dc = coarse * width + spec.DcOffset;
            var clear = first >= coarse * width + margin && last < (coarse + 1) * width - margin
                && (last < dc - DcClearance || first > dc + DcClearance)
                && tracks.TrueForAll(t => last < t.First - Separation || first > t.Last + Separation);
            if (!clear) continue;
            tracks.Add((first, last));
            tones.Add(tone);
        }

        tones.Sort((x, y) => x.StartChannel.CompareTo(y.StartChannel));
        return spec with { Tones = tones, Bursts = [.. options.Bursts, .. RandomBursts(spec, options, random)] };
    }

    private static IEnumerable<BroadbandBurst> RandomBursts(SyntheticObservationSpec spec, DemoOptions options, SplitMix64 random)
    {
        if (options.RandomBursts < 0) throw new BadParameterException(nameof(options.RandomBursts), $"must be non-negative, got {options.RandomBursts}");
        var width = spec.FineChannelsPerCoarse;
        var bursts = new List<BroadbandBurst>();
        for (var i = 0; i < options.RandomBursts; i++)
        {
            var duration = spec.Integrations >= 2 ? 1 + (int)random.NextLong(2) : 1;
            var integration = (int)random.NextLong(spec.Integrations - duration + 1);
            var start = random.NextLong(spec.CoarseChannels) * width + random.NextLong(width - width / 4 + 1);
            bursts.Add(new BroadbandBurst(integration, duration, start, width / 4, options.BurstSnr));
        }
        return bursts;
    }
}
