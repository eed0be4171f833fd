namespace Reservoir.Synthetic;

/// <summary>
/// Where one tone of a spec is, in the terms energy detection reports. Channels are absolute fine channels.
/// <see cref="WindowStarts"/> are the energy-detection windows (start a multiple of 128 within the coarse
/// channel, 256 wide, not past the coarse channel) holding the whole track: each should be a hit.
/// <see cref="PartialWindowStarts"/> hold only part of it: a hit there is explained by this tone too.
/// </summary>
public sealed record ToneTruth(
    int Tone,
    int CoarseChannel,
    long StartChannel,
    double DriftChannelsPerIntegration,
    double DriftHzPerSecond,
    double Snr,
    double FrequencyMhz,
    long FirstChannel,
    long LastChannel,
    IReadOnlyList<long> WindowStarts,
    IReadOnlyList<long> PartialWindowStarts)
{
    public const int WindowWidth = 256;
    public const int WindowStep = 128;

    /// <summary>The truth of every tone of <paramref name="spec"/>, in spec order.</summary>
    public static IReadOnlyList<ToneTruth> For(SyntheticObservationSpec spec)
    {
        var truths = new List<ToneTruth>(spec.Tones.Count);
        for (var i = 0; i < spec.Tones.Count; i++)
        {
            var tone = spec.Tones[i];
            var (first, last) = Track(tone, spec.Integrations);
            first = Math.Max(first, 0);
            last = Math.Min(last, spec.TotalChannels - 1);
            var (whole, partial) = Windows(spec.FineChannelsPerCoarse, first, last);
            truths.Add(new ToneTruth(
                Tone: i,
                CoarseChannel: (int)(tone.StartChannel / spec.FineChannelsPerCoarse),
                StartChannel: tone.StartChannel,
                DriftChannelsPerIntegration: tone.DriftChannelsPerIntegration,
                DriftHzPerSecond: tone.DriftChannelsPerIntegration * spec.Foff * 1e6 / spec.Tsamp,
                Snr: tone.Snr,
                FrequencyMhz: spec.FrequencyMhz(tone.StartChannel),
                FirstChannel: first,
                LastChannel: last,
                WindowStarts: whole,
                PartialWindowStarts: partial));
        }
        return truths;
    }

    /// <summary>Lowest and highest channel that receive any of the tone's power over all integrations.</summary>
    internal static (long First, long Last) Track(SyntheticTone tone, int integrations)
    {
        long first = long.MaxValue, last = long.MinValue;
        for (var t = 0; t < integrations; t++)
        {
            var position = tone.StartChannel + tone.DriftChannelsPerIntegration * t;
            var lower = (long)Math.Floor(position);
            var upper = position > lower ? lower + 1 : lower;
            first = Math.Min(first, lower);
            last = Math.Max(last, upper);
        }
        return (first, last);
    }

    private static (List<long> Whole, List<long> Partial) Windows(int width, long first, long last)
    {
        var whole = new List<long>();
        var partial = new List<long>();
        for (var coarse = first / width; coarse <= last / width; coarse++)
        {
            var coarseStart = coarse * width;
            for (var offset = 0L; offset < width - WindowStep; offset += WindowStep)
            {
                var start = coarseStart + offset;
                var end = coarseStart + Math.Min(offset + WindowWidth, width) - 1;
                if (end < first || start > last) continue;
                (start <= first && last <= end ? whole : partial).Add(start);
            }
        }
        return (whole, partial);
    }
}
