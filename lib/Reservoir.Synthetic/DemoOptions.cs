namespace Reservoir.Synthetic;

/// <summary>What <see cref="SyntheticObservationSpec.Demo"/> builds: the cube's size and the tones to place.</summary>
public sealed record DemoOptions
{
    /// <summary>The default value is 4.</summary>
    public int CoarseChannels { get; init; } = 4;

    /// <summary>W; the default value is 2^20.</summary>
    public int FineChannelsPerCoarse { get; init; } = 1 << 20;

    /// <summary>The default value is 16.</summary>
    public int Integrations { get; init; } = 16;

    /// <summary>The default value is 1.</summary>
    public int Ifs { get; init; } = 1;

    /// <summary>Number of tones; the default value is 8.</summary>
    public int Tones { get; init; } = 8;

    /// <summary>
    /// Tone power per channel-integration in local noise standard deviations. The default value is 30, which puts
    /// D'Agostino K² of a 16 × 256 window holding the tone far above energy detection's threshold of 2048.
    /// </summary>
    public double Snr { get; init; } = 30;

    /// <summary>Lowest drift, channels per integration. The default value is -1.</summary>
    public double MinDrift { get; init; } = -1;

    /// <summary>Highest drift, channels per integration. The default value is 1.</summary>
    public double MaxDrift { get; init; } = 1;

    /// <summary>The default value is "SYNTHETIC_DEMO".</summary>
    public string SourceName { get; init; } = "SYNTHETIC_DEMO";

    /// <summary>Broadband bursts to add as given (none by default).</summary>
    public IReadOnlyList<BroadbandBurst> Bursts { get; init; } = [];

    /// <summary>
    /// Broadband bursts to place at seeded random places besides <see cref="Bursts"/>: each covers a quarter of
    /// one coarse channel for 1 or 2 integrations at <see cref="BurstSnr"/>. The default value is 0.
    /// </summary>
    public int RandomBursts { get; init; }

    /// <summary>Power of the random bursts in local noise standard deviations. The default value is 5.</summary>
    public double BurstSnr { get; init; } = 5;
}
