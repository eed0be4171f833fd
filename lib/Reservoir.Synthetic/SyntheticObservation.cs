using Reservoir.Sdk.Observations;
using Reservoir.Synthetic.Bandpass;
using Reservoir.Synthetic.Header;
using Reservoir.Synthetic.Noise;
using Reservoir.Synthetic.Signals;

namespace Reservoir.Synthetic;

/// <summary>
/// A virtual observation computed on demand from a <see cref="SyntheticObservationSpec"/>:
/// value = bandpass(channel) × chi-squared(k)/k noise, the DC channel of every coarse channel multiplied by
/// <see cref="SyntheticObservationSpec.DcSpikeFactor"/>, plus the spec's tones and bursts.
/// Every value depends only on (seed, integration, IF, channel): reading channels 100..200 alone gives exactly
/// those channels of a full read, and the same spec gives the same values on every read. Reads keep no
/// state, so unlike file-backed observations one instance may be read from several threads at once.
/// </summary>
public sealed class SyntheticObservation : IObservation
{
    private readonly BandpassModel _bandpass;
    private readonly ChiSquaredNoise _noise;
    private readonly SignalInjector _signals;
    private bool _disposed;

    /// <summary>Throws <see cref="Reservoir.Sdk.BadParameterException"/> when the spec is out of range.</summary>
    public SyntheticObservation(SyntheticObservationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        Header = SyntheticHeader.Build(spec);
        Shape = new ObservationShape(spec.Integrations, spec.Ifs, spec.TotalChannels);
        _bandpass = new BandpassModel(spec);
        _noise = new ChiSquaredNoise(spec.NoiseDegreesOfFreedom);
        _signals = new SignalInjector(spec, _bandpass);
    }

    public SyntheticObservationSpec Spec { get; }

    public string Source => $"synthetic:seed={Spec.Seed}";

    public ObservationHeader Header { get; }

    public ObservationShape Shape { get; }

    /// <summary>The cube's size as float32: nothing is stored.</summary>
    public long StoredBytes => Shape.Values * sizeof(float);

    /// <summary>Where each tone is (coarse channel, drift, frequency, energy-detection windows).</summary>
    public IReadOnlyList<ToneTruth> Truth => ToneTruth.For(Spec);

    /// <summary>Mean noise power of a channel: the bandpass, without the DC spike or any signal.</summary>
    public double Bandpass(int ifIndex, long channel)
    {
        new DataBlock(0, 1, ifIndex, channel, 1).Validate(Shape);
        return _bandpass.At(ifIndex, channel);
    }

    public void Read(DataBlock block, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        block.Validate(Shape);
        if (destination.Length < block.Values)
            throw new ArgumentException($"destination holds {destination.Length} values, the block needs {block.Values}", nameof(destination));

        for (var t = 0; t < block.TimeCount; t++)
        {
            var integration = block.TimeStart + t;
            var row = destination.Slice(t * block.ChannelCount, block.ChannelCount);
            _noise.Fill(RowKey(integration, block.If), block.ChannelStart, row);
            _bandpass.Apply(block.If, block.ChannelStart, row);
            _signals.Apply(integration, block.If, block.ChannelStart, row);
        }
    }

    public void Dispose() => _disposed = true;

    private ulong RowKey(int integration, int ifIndex) => SplitMix64.Key(Spec.Seed, (ulong)integration, (ulong)ifIndex);
}
