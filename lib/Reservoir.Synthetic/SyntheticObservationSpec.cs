using Reservoir.Sdk;
using Reservoir.Synthetic.Signals;

namespace Reservoir.Synthetic;

/// <summary>
/// Everything that defines a synthetic observation. Two observations built from equal specs hold identical
/// values; the data is never stored, it is computed from the spec on each read.
/// Defaults describe a Breakthrough Listen GBT C-band fine-resolution product (2.79 Hz channels, 18.25 s
/// integrations), trimmed to a few coarse channels.
/// </summary>
public sealed record SyntheticObservationSpec
{
    /// <summary>Seed of every random value (noise, bandpass level wobble). The default value is 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Number of integrations (time rows). The default value is 16.</summary>
    public int Integrations { get; init; } = 16;

    /// <summary>Number of IFs (polarisation products). The default value is 1.</summary>
    public int Ifs { get; init; } = 1;

    /// <summary>Number of coarse channels. The default value is 4.</summary>
    public int CoarseChannels { get; init; } = 4;

    /// <summary>
    /// Fine channels per coarse channel, W (header key <c>nfpc</c>); a multiple of 16, at least 64.
    /// The default value is 2^20, as in BL fine-resolution products.
    /// </summary>
    public int FineChannelsPerCoarse { get; init; } = 1 << 20;

    /// <summary>Frequency of channel 0, MHz. The default value is 8438.96484375 (top of GBT C-band).</summary>
    public double Fch1 { get; init; } = 8438.96484375;

    /// <summary>Channel width, MHz (negative: frequency falls with index). The default is 2.9296875 MHz / 2^20.</summary>
    public double Foff { get; init; } = -2.7939677238464355e-06;

    /// <summary>Integration time, s. The default value is 18.253611008.</summary>
    public double Tsamp { get; init; } = 18.253611008;

    /// <summary>Start time, MJD. The default value is 59000.5.</summary>
    public double Tstart { get; init; } = 59000.5;

    /// <summary>The default value is "SYNTHETIC".</summary>
    public string SourceName { get; init; } = "SYNTHETIC";

    /// <summary>Drifting narrowband tones, added on top of the noise in every IF.</summary>
    public IReadOnlyList<SyntheticTone> Tones { get; init; } = [];

    /// <summary>Broadband RFI bursts, added on top of the noise in every IF.</summary>
    public IReadOnlyList<BroadbandBurst> Bursts { get; init; } = [];

    /// <summary>
    /// Degrees of freedom k of the chi-squared noise (normalised to mean 1, variance 2/k). The default value
    /// is 204: a GBT fine-resolution value sums 51 spectra × 2 polarisations of |complex|² (2 dof each), which
    /// also keeps D'Agostino K² of pure-noise 16×256 windows around 25 (k = 100 would put it near 55).
    /// </summary>
    public double NoiseDegreesOfFreedom { get; init; } = 204;

    /// <summary>Mean power level of the bandpass top. The default value is 1e9.</summary>
    public double BandpassLevel { get; init; } = 1e9;

    /// <summary>How many times the local level the DC channel (W/2 of each coarse channel) is. The default value is 4.</summary>
    public double DcSpikeFactor { get; init; } = 4;

    /// <summary>Fine channels in total (coarse channels × W).</summary>
    public long TotalChannels => (long)CoarseChannels * FineChannelsPerCoarse;

    /// <summary>Channel index of the DC spike within every coarse channel: W/2.</summary>
    public int DcOffset => FineChannelsPerCoarse / 2;

    /// <summary>Standard deviation of the normalised noise, sqrt(2/k): tone and burst SNRs are in these units of the local bandpass.</summary>
    public double RelativeNoiseSigma => Math.Sqrt(2.0 / NoiseDegreesOfFreedom);

    /// <summary>Frequency of a fine channel, MHz.</summary>
    public double FrequencyMhz(double channel) => Fch1 + Foff * channel;

    /// <summary>Throws <see cref="BadParameterException"/> naming the first field that is out of range.</summary>
    public void Validate()
    {
        Require(Integrations >= 1, nameof(Integrations), $"must be at least 1, got {Integrations}");
        Require(Ifs >= 1, nameof(Ifs), $"must be at least 1, got {Ifs}");
        Require(CoarseChannels >= 1, nameof(CoarseChannels), $"must be at least 1, got {CoarseChannels}");
        Require(FineChannelsPerCoarse >= 64 && FineChannelsPerCoarse % 16 == 0, nameof(FineChannelsPerCoarse),
            $"must be a multiple of 16 and at least 64, got {FineChannelsPerCoarse}");
        Require(double.IsFinite(Fch1) && double.IsFinite(Foff) && Foff != 0, nameof(Foff), $"fch1 {Fch1} and foff {Foff} must be finite, foff non-zero");
        Require(double.IsFinite(Tsamp) && Tsamp > 0, nameof(Tsamp), $"must be positive, got {Tsamp}");
        Require(NoiseDegreesOfFreedom > 0 && double.IsFinite(NoiseDegreesOfFreedom), nameof(NoiseDegreesOfFreedom), $"must be positive, got {NoiseDegreesOfFreedom}");
        Require(BandpassLevel > 0 && BandpassLevel < 1e30, nameof(BandpassLevel), $"must be positive and below 1e30, got {BandpassLevel}");
        Require(DcSpikeFactor >= 0 && double.IsFinite(DcSpikeFactor), nameof(DcSpikeFactor), $"must be non-negative, got {DcSpikeFactor}");
        for (var i = 0; i < Tones.Count; i++)
        {
            var tone = Tones[i];
            Require(tone.StartChannel >= 0 && tone.StartChannel < TotalChannels, $"{nameof(Tones)}[{i}].{nameof(tone.StartChannel)}",
                $"must be within 0..{TotalChannels - 1}, got {tone.StartChannel}");
            Require(double.IsFinite(tone.DriftChannelsPerIntegration), $"{nameof(Tones)}[{i}].{nameof(tone.DriftChannelsPerIntegration)}", "must be finite");
            Require(tone.Snr >= 0 && double.IsFinite(tone.Snr), $"{nameof(Tones)}[{i}].{nameof(tone.Snr)}", $"must be non-negative, got {tone.Snr}");
        }
        for (var i = 0; i < Bursts.Count; i++)
        {
            var burst = Bursts[i];
            var name = $"{nameof(Bursts)}[{i}]";
            Require(burst.Integration >= 0 && burst.Duration >= 1 && (long)burst.Integration + burst.Duration <= Integrations, name,
                $"integrations {burst.Integration}+{burst.Duration} must lie within 0..{Integrations}");
            Require(burst.ChannelStart >= 0 && burst.ChannelCount >= 1 && burst.ChannelStart + burst.ChannelCount <= TotalChannels, name,
                $"channels {burst.ChannelStart}+{burst.ChannelCount} must lie within 0..{TotalChannels}");
            Require(burst.Snr >= 0 && double.IsFinite(burst.Snr), name, $"snr must be non-negative, got {burst.Snr}");
        }
    }

    /// <summary>
    /// A demo observation: <paramref name="options"/>.Tones tones at seeded random places away from the DC
    /// spike and coarse-channel edges. <see cref="ToneTruth.For"/> says where they are.
    /// </summary>
    public static SyntheticObservationSpec Demo(ulong seed, DemoOptions? options = null) => DemoPlacement.Build(seed, options ?? new DemoOptions());

    private static void Require(bool condition, string field, string message)
    {
        if (!condition) throw new BadParameterException(field, message);
    }
}

/// <summary>
/// A narrowband tone whose channel moves linearly with time: at integration t it sits at channel
/// <c>StartChannel + DriftChannelsPerIntegration × t</c>; a fractional position shares its power between the two
/// neighbouring channels. <paramref name="Snr"/> is the added power per channel-integration in units of the
/// local noise standard deviation.
/// </summary>
public sealed record SyntheticTone(long StartChannel, double DriftChannelsPerIntegration, double Snr);

/// <summary>
/// Broadband RFI: every channel of <c>ChannelStart .. +ChannelCount</c> gains <paramref name="Snr"/> local noise
/// standard deviations during integrations <c>Integration .. +Duration</c>.
/// </summary>
public sealed record BroadbandBurst(int Integration, int Duration, long ChannelStart, long ChannelCount, double Snr);
