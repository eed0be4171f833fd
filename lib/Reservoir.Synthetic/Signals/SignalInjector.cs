using Reservoir.Synthetic.Bandpass;

namespace Reservoir.Synthetic.Signals;

/// <summary>
/// Adds the spec's deterministic features to a noise row already scaled by the bandpass: the DC spike,
/// drifting tones and broadband bursts. Amplitudes are in units of the local noise standard deviation,
/// bandpass × sqrt(2/k). Each feature touches only the channels of the row it covers, in spec order, so a
/// channel's value does not depend on the block it was read in.
/// </summary>
internal sealed class SignalInjector(SyntheticObservationSpec spec, BandpassModel bandpass)
{
    private readonly double _sigma = spec.RelativeNoiseSigma;
    private readonly float _dcFactor = (float)spec.DcSpikeFactor;

    public void Apply(int integration, int ifIndex, long channelStart, Span<float> row)
    {
        var end = channelStart + row.Length;
        AddDcSpikes(channelStart, end, row);
        foreach (var tone in spec.Tones) AddTone(tone, integration, ifIndex, channelStart, end, row);
        foreach (var burst in spec.Bursts) AddBurst(burst, integration, ifIndex, channelStart, end, row);
    }

    private void AddDcSpikes(long start, long end, Span<float> row)
    {
        var width = spec.FineChannelsPerCoarse;
        var firstCoarse = start / width;
        for (var dc = firstCoarse * width + spec.DcOffset; dc < end; dc += width)
            if (dc >= start) row[(int)(dc - start)] *= _dcFactor;
    }

    private void AddTone(SyntheticTone tone, int integration, int ifIndex, long start, long end, Span<float> row)
    {
        var position = tone.StartChannel + tone.DriftChannelsPerIntegration * integration;
        var lower = (long)Math.Floor(position);
        var upperShare = position - lower;
        Add(tone, ifIndex, lower, 1 - upperShare, start, end, row);
        if (upperShare > 0) Add(tone, ifIndex, lower + 1, upperShare, start, end, row);
    }

    private void Add(SyntheticTone tone, int ifIndex, long channel, double share, long start, long end, Span<float> row)
    {
        if (channel < start || channel >= end) return;
        row[(int)(channel - start)] += (float)(tone.Snr * share * _sigma * bandpass.At(ifIndex, channel));
    }

    private void AddBurst(BroadbandBurst burst, int integration, int ifIndex, long start, long end, Span<float> row)
    {
        if (integration < burst.Integration || integration >= burst.Integration + burst.Duration) return;
        var from = Math.Max(start, burst.ChannelStart);
        var to = Math.Min(end, burst.ChannelStart + burst.ChannelCount);
        for (var channel = from; channel < to; channel++)
            row[(int)(channel - start)] += (float)(burst.Snr * _sigma * bandpass.At(ifIndex, channel));
    }
}
