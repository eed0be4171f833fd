using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Reservoir.Synthetic.Noise;

/// <summary>
/// Chi-squared noise with k degrees of freedom normalised to mean 1 (variance 2/k), for one row of the cube
/// (one integration of one IF) identified by a stream key.
/// <para>
/// Channels are generated in aligned steps of 16: step s draws SplitMix64 elements 8s..8s+7 of the row's
/// stream, turns them into 8 pairs of 24-bit uniforms, 16 standard normals (Box–Muller) and 16 chi-squared
/// values (Wilson–Hilferty: X/k ≈ (1 − 2/(9k) + z·sqrt(2/(9k)))³, clamped at 0; accurate for k ≳ 10). A read
/// that starts or ends inside a step computes the whole step and keeps its part, so every channel's value
/// comes from the same instructions whatever the block boundaries.
/// </para>
/// </summary>
internal sealed class ChiSquaredNoise
{
    public const int StepChannels = 16;
    private const float UniformScale = 1f / (1 << 24);

    private static readonly Vector256<ulong> LaneGammas =
        Vector256.Create(0UL, SplitMix64.Gamma, unchecked(2 * SplitMix64.Gamma), unchecked(3 * SplitMix64.Gamma));

    private readonly float _a;
    private readonly float _b;

    public ChiSquaredNoise(double degreesOfFreedom)
    {
        var c = 2.0 / (9.0 * degreesOfFreedom);
        _a = (float)(1 - c);
        _b = (float)Math.Sqrt(c);
    }

    /// <summary>Writes the noise of channels <paramref name="channelStart"/> .. + destination.Length of the row.</summary>
    public void Fill(ulong rowKey, long channelStart, Span<float> destination)
    {
        var end = channelStart + destination.Length;
        Span<float> partial = stackalloc float[StepChannels];
        for (var c = channelStart - channelStart % StepChannels; c < end; c += StepChannels)
        {
            var step = (ulong)(c / StepChannels);
            if (c >= channelStart && c + StepChannels <= end)
            {
                Generate(rowKey, step, destination.Slice((int)(c - channelStart), StepChannels));
                continue;
            }
            Generate(rowKey, step, partial);
            var from = Math.Max(c, channelStart);
            var to = Math.Min(c + StepChannels, end);
            partial.Slice((int)(from - c), (int)(to - from)).CopyTo(destination.Slice((int)(from - channelStart)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Generate(ulong rowKey, ulong step, Span<float> target)
    {
        var first = rowKey + (step * 8 + 1) * SplitMix64.Gamma;
        var bits1 = Mix(Vector256.Create(first) + LaneGammas).AsUInt32();
        var bits2 = Mix(Vector256.Create(first + unchecked(4 * SplitMix64.Gamma)) + LaneGammas).AsUInt32();

        // u1 in (0, 1) so the logarithm is finite; the angle's uniform in [-1, 1) keeps SinCos near zero.
        var u1 = (Vector256.ConvertToSingle((bits1 >> 8).AsInt32()) + Vector256.Create(0.5f)) * UniformScale;
        var u2 = Vector256.ConvertToSingle((bits2 >> 8).AsInt32()) * (2 * UniformScale) - Vector256<float>.One;
        var radius = Vector256.Sqrt(Vector256.Log(u1) * -2f);
        var (sin, cos) = Vector256.SinCos(u2 * MathF.PI);

        ref var destination = ref MemoryMarshal.GetReference(target);
        WilsonHilferty(radius * cos).StoreUnsafe(ref destination);
        WilsonHilferty(radius * sin).StoreUnsafe(ref destination, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> WilsonHilferty(Vector256<float> normal)
    {
        var root = Vector256.Create(_a) + normal * _b;
        return Vector256.Max(root * root * root, Vector256<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
