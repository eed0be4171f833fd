namespace Reservoir.Synthetic.Noise;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): output i of the stream seeded with s is Mix(s + (i+1)·γ), so any
/// element can be computed without the ones before it. That random access is what makes a block read
/// independent of how the cube was split. Also used as a small sequential generator (demo placement).
/// </summary>
internal struct SplitMix64(ulong state)
{
    public const ulong Gamma = 0x9E3779B97F4A7C15;

    private ulong _state = state;

    /// <summary>The SplitMix64 finaliser: a bijection of 64-bit values with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>Key of one independent stream, derived from a seed and up to two coordinates.</summary>
    public static ulong Key(ulong seed, ulong a, ulong b = 0) =>
        Mix(Mix(Mix(seed + Gamma) ^ (a * 0xD6E8FEB86659FD93 + 1)) ^ (b * 0xA0761D6478BD642F + 2));

    public ulong Next() => Mix(_state += Gamma);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, count) (count &gt; 0; the modulo bias is below 2^-40 for the sizes used here).</summary>
    public long NextLong(long count) => (long)(Next() % (ulong)count);
}
