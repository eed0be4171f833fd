using System.Numerics;
using System.Runtime.InteropServices;
using Reservoir.Synthetic.Noise;

namespace Reservoir.Synthetic.Bandpass;

/// <summary>
/// The mean power the noise is scaled by: a polyphase-filterbank-like scallop repeated in every coarse
/// channel (flat top, Gaussian roll-off to half power at both edges) times a level that wanders slowly
/// from coarse channel to coarse channel (a seeded sinusoid plus ±5 % per channel) and falls a little per IF.
/// The roll-off is wide (1/10 of a coarse channel) so a cubic spline with knots every W/16 channels follows
/// it, as energy detection's bandpass fit assumes.
/// </summary>
internal sealed class BandpassModel
{
    private const double EdgeDepth = 0.5;
    private const double EdgeWidth = 0.1;

    private readonly float[] _shape;
    private readonly float[,] _levels;

    public BandpassModel(SyntheticObservationSpec spec)
    {
        var width = spec.FineChannelsPerCoarse;
        _shape = new float[width];
        for (var i = 0; i < width; i++)
        {
            var x = (i + 0.5) / width;
            var rollOff = Math.Exp(-Square(x / EdgeWidth)) + Math.Exp(-Square((1 - x) / EdgeWidth));
            _shape[i] = (float)(1 - EdgeDepth * rollOff);
        }

        var random = new SplitMix64(SplitMix64.Key(spec.Seed, 0xBA4D_0A55));
        var phase = random.NextDouble(0, 2 * Math.PI);
        _levels = new float[spec.Ifs, spec.CoarseChannels];
        for (var coarse = 0; coarse < spec.CoarseChannels; coarse++)
        {
            var level = spec.BandpassLevel * (1 + 0.15 * Math.Sin(2 * Math.PI * coarse / 23.0 + phase)) * (1 + 0.05 * random.NextDouble(-1, 1));
            for (var ifIndex = 0; ifIndex < spec.Ifs; ifIndex++)
                _levels[ifIndex, coarse] = (float)(level / (1 + 0.25 * ifIndex));
        }
    }

    public int Width => _shape.Length;

    /// <summary>Mean power of a channel (DC spike and signals excluded).</summary>
    public float At(int ifIndex, long channel) => _shape[(int)(channel % Width)] * _levels[ifIndex, (int)(channel / Width)];

    /// <summary>Multiplies a row segment (channels <paramref name="channelStart"/>.. of one IF) by the bandpass.</summary>
    public void Apply(int ifIndex, long channelStart, Span<float> row)
    {
        var done = 0;
        while (done < row.Length)
        {
            var channel = channelStart + done;
            var coarse = (int)(channel / Width);
            var offset = (int)(channel % Width);
            var count = Math.Min(row.Length - done, Width - offset);
            Scale(row.Slice(done, count), _shape.AsSpan(offset, count), _levels[ifIndex, coarse]);
            done += count;
        }
    }

    // row[i] *= shape[i] * level, vector and scalar alike (IEEE products are exact-rounded, so a channel's value
    // does not depend on which of the two paths the block alignment sent it through).
    private static void Scale(Span<float> row, ReadOnlySpan<float> shape, float level)
    {
        var rowVectors = MemoryMarshal.Cast<float, Vector<float>>(row);
        var shapeVectors = MemoryMarshal.Cast<float, Vector<float>>(shape);
        var levelVector = new Vector<float>(level);
        var n = Math.Min(rowVectors.Length, shapeVectors.Length);
        for (var i = 0; i < n; i++) rowVectors[i] *= shapeVectors[i] * levelVector;
        for (var i = n * Vector<float>.Count; i < row.Length; i++) row[i] *= shape[i] * level;
    }

    private static double Square(double x) => x * x;
}
