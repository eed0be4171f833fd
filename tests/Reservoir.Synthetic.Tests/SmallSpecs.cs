using Reservoir.Sdk.Observations;

namespace Reservoir.Synthetic.Tests;

/// <summary>Small observations the tests share: W = 4096 keeps a full read to a few hundred thousand values.</summary>
internal static class SmallSpecs
{
    public const int Width = 4096;

    public static SyntheticObservationSpec NoiseOnly(ulong seed = 7, int coarseChannels = 4, int ifs = 1) => new()
    {
        Seed = seed,
        CoarseChannels = coarseChannels,
        FineChannelsPerCoarse = Width,
        Ifs = ifs,
    };

    /// <summary>Noise plus two tones (one with a fractional drift) and a burst, so every feature is exercised.</summary>
    public static SyntheticObservationSpec WithSignals(ulong seed = 11) => NoiseOnly(seed, ifs: 2) with
    {
        Tones = [new SyntheticTone(1000, 0.25, 30), new SyntheticTone(Width + 3000, -1.5, 20)],
        Bursts = [new BroadbandBurst(4, 2, 2 * Width + 100, 700, 5)],
    };

    public static float[] ReadAll(IObservation observation, int ifIndex = 0)
    {
        var block = DataBlock.AllTimes(observation.Shape, ifIndex, 0, checked((int)observation.Shape.Channels));
        var values = new float[block.Values];
        observation.Read(block, values);
        return values;
    }

    /// <summary>Every value of one IF divided by its channel's bandpass, DC channels left out (noise-only specs: chi-squared(k)/k).</summary>
    public static double[] NoiseRatios(SyntheticObservation observation, int ifIndex = 0)
    {
        var values = ReadAll(observation, ifIndex);
        var channels = (int)observation.Shape.Channels;
        var width = observation.Spec.FineChannelsPerCoarse;
        var ratios = new List<double>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var channel = i % channels;
            if (channel % width != width / 2) ratios.Add(values[i] / observation.Bandpass(ifIndex, channel));
        }
        return [.. ratios];
    }

    /// <summary>Writes values as raw little-endian float32 for numpy's fromfile.</summary>
    public static void WriteRaw(string path, ReadOnlySpan<float> values) =>
        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());
}
