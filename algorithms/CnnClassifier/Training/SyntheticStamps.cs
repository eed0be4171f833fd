namespace Reservoir.Algorithms.CnnClassifier.Training;

/// <summary>The classes of the stamp classifier, in sidecar order.</summary>
public enum StampClass { Noise = 0, Narrowband = 1, Broadband = 2 }

/// <summary>
/// Synthetic energy-detection stamps (integrations × 256 channels) with the noise model of
/// <c>lib/Reservoir.Synthetic</c>: chi-squared noise with k degrees of freedom normalised to mean 1
/// (Wilson–Hilferty), after the bandpass fit is subtracted (so zero mean, σ = sqrt(2/k)), plus
/// <list type="bullet">
/// <item>narrowband: a drifting tone as the synthetic generator injects it (power shared between the two
/// channels around position start + drift·t), SNR 6–60 σ, drift −2…2 channels per integration, inside the window for
/// at least one integration (a tone crossing the window edge gives hits like that; crossing for under a quarter of
/// the integrations, it is at least 20 σ, as it would not be a hit otherwise);</item>
/// <item>broadband: RFI that lifts 1–3 consecutive integrations by 1.5–10 σ over the whole window or over a
/// contiguous part of at least 64 channels (a burst edge inside the window);</item>
/// <item>noise: nothing added.</item>
/// </list>
/// Every stamp also gets a random scale and a small residual slope (an imperfect bandpass fit). The same seed
/// gives the same stamps.
/// </summary>
public sealed class SyntheticStamps(int integrations = 16, int channels = 256)
{
    public int Integrations { get; } = integrations > 0 ? integrations : throw new ArgumentOutOfRangeException(nameof(integrations));
    public int Channels { get; } = channels > 0 ? channels : throw new ArgumentOutOfRangeException(nameof(channels));

    /// <summary><paramref name="count"/> stamps, classes in equal shares and shuffled; stamp i is values[i·I·C ..].</summary>
    public (float[] Values, StampClass[] Labels) Generate(int count, int seed)
    {
        var random = new Random(seed);
        var size = Integrations * Channels;
        var values = new float[(long)count * size];
        var labels = new StampClass[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = (StampClass)random.Next(3);
            Fill(labels[i], random, values.AsSpan(i * size, size));
        }
        return (values, labels);
    }

    /// <summary>One stamp of class <paramref name="kind"/>.</summary>
    public void Fill(StampClass kind, Random random, Span<float> stamp)
    {
        var k = Uniform(random, 20, 400);
        var sigma = Math.Sqrt(2 / k);
        var c = 2 / (9 * k);
        var scale = Math.Pow(10, Uniform(random, -2, 6));
        var slope = Uniform(random, -0.5, 0.5) * sigma / Channels;
        for (var t = 0; t < Integrations; t++)
            for (var f = 0; f < Channels; f++)
            {
                var w = 1 - c + Gaussian(random) * Math.Sqrt(c);
                stamp[t * Channels + f] = (float)(Math.Max(w, 0) * Math.Max(w, 0) * Math.Max(w, 0) - 1 + slope * (f - Channels / 2.0));
            }
        if (kind == StampClass.Narrowband) AddTone(random, sigma, stamp);
        else if (kind == StampClass.Broadband) AddBurst(random, sigma, stamp);
        for (var i = 0; i < stamp.Length; i++) stamp[i] = (float)(stamp[i] * scale);
    }

    private void AddTone(Random random, double sigma, Span<float> stamp)
    {
        var snr = Uniform(random, 6, 60);
        while (true)
        {
            var drift = Uniform(random, -2, 2);
            var start = Uniform(random, -Channels / 4.0, Channels * 1.25);
            var inside = Enumerable.Range(0, Integrations).Count(t => start + drift * t is var p && p >= 0 && p < Channels - 1);
            if (inside == 0) continue;
            if (inside * 4 < Integrations) snr = Math.Max(snr, Uniform(random, 20, 60)); // an edge hit: bright, or it would not be a hit
            for (var t = 0; t < Integrations; t++)
            {
                var position = start + drift * t;
                var lower = (int)Math.Floor(position);
                var upperShare = position - lower;
                if (lower >= 0 && lower < Channels) stamp[t * Channels + lower] += (float)(snr * (1 - upperShare) * sigma);
                if (lower + 1 >= 0 && lower + 1 < Channels) stamp[t * Channels + lower + 1] += (float)(snr * upperShare * sigma);
            }
            return;
        }
    }

    private void AddBurst(Random random, double sigma, Span<float> stamp)
    {
        var snr = Uniform(random, 1.5, 10);
        var duration = random.Next(1, 4);
        var first = random.Next(0, Integrations - duration + 1);
        var (from, to) = (0, Channels);
        if (random.NextDouble() < 0.3)
        {
            var width = random.Next(64, Channels);
            (from, to) = random.Next(2) == 0 ? (0, width) : (Channels - width, Channels);
        }
        for (var t = first; t < first + duration; t++)
            for (var f = from; f < to; f++) stamp[t * Channels + f] += (float)(snr * sigma);
    }

    private static double Uniform(Random random, double low, double high) => low + (high - low) * random.NextDouble();

    private static double Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
