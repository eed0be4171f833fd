using Reservoir.Sdk.Observations;
namespace Reservoir.Algorithms.EnergyDetection.Tests.Support;

/// <summary>
/// Test data shaped like a Breakthrough Listen fine-resolution product: per coarse channel a smooth bandpass of
/// order 1e9 times chi-squared-like noise with many degrees of freedom, a DC spike at W/2 and, where asked,
/// narrowband tones. One IF, float32, (integrations, channels) C order.
/// </summary>
internal sealed class SyntheticCoarseChannels
{
    private readonly Random _random;

    public SyntheticCoarseChannels(int integrations, int coarseWidth, int coarseChannels, int seed, double degreesOfFreedom = 2000)
    {
        Integrations = integrations;
        CoarseWidth = coarseWidth;
        CoarseChannels = coarseChannels;
        _random = new Random(seed);
        Data = new float[integrations * Channels];
        var sd = Math.Sqrt(2 / (9 * degreesOfFreedom));
        for (var t = 0; t < integrations; t++)
            for (var j = 0; j < Channels; j++)
            {
                // Wilson–Hilferty: chi2(k)/k ≈ (1 − 2/(9k) + z·sqrt(2/(9k)))³, skewed like the real thing.
                var chi = Math.Pow(1 - 2 / (9 * degreesOfFreedom) + Normal() * sd, 3);
                Data[t * Channels + j] = (float)(Bandpass(j) * chi);
            }
    }

    public int Integrations { get; }
    public int CoarseWidth { get; }
    public int CoarseChannels { get; }
    public int Channels => CoarseWidth * CoarseChannels;
    public float[] Data { get; }

    /// <summary>Smooth, different in every coarse channel, rolling off towards the coarse channel edges.</summary>
    public double Bandpass(int channel)
    {
        var c = channel / CoarseWidth;
        var x = (channel % CoarseWidth) / (double)CoarseWidth;
        var edge = 1 - 0.6 * Math.Pow(2 * x - 1, 8);
        return 1e9 * (1 + 0.1 * c) * edge * (1 + 0.25 * Math.Sin(2 * Math.PI * (1.3 * x + 0.2 * c)));
    }

    /// <summary>Multiplies the DC channel W/2 of every coarse channel by <paramref name="factor"/>.</summary>
    public SyntheticCoarseChannels WithDcSpike(double factor)
    {
        for (var c = 0; c < CoarseChannels; c++)
            for (var t = 0; t < Integrations; t++)
                Data[t * Channels + c * CoarseWidth + CoarseWidth / 2] *= (float)factor;
        return this;
    }

    /// <summary>Adds amplitude × bandpass at channel start + drift·t in every integration.</summary>
    public SyntheticCoarseChannels WithTone(int channel, double amplitude, int drift = 0)
    {
        for (var t = 0; t < Integrations; t++)
        {
            var j = channel + drift * t;
            Data[t * Channels + j] += (float)(amplitude * Bandpass(j));
        }
        return this;
    }

    /// <summary>The data as little-endian float32, as numpy's <c>astype('&lt;f4').tofile</c> writes it.</summary>
    public void WriteRaw(string path)
    {
        using var stream = File.Create(path);
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Data.AsSpan()));
    }

    public InMemoryObservation ToObservation(long? nfpc = null) => ArrayObservation.SingleIf(Data, Integrations, Channels, nfpc);

    private double Normal()
    {
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
