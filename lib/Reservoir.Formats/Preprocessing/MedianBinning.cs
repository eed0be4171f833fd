using System.Collections.Concurrent;
using System.Runtime.Intrinsics;

namespace Reservoir.Formats.Preprocessing;

/// <summary>
/// Boxcar-median binning (block reduction), e.g. a 2016×2016 frame binned 9×9 to 224×224. Output pixel
/// (X, Y) is the median of input block [X·bw, (X+1)·bw) × [Y·bh, (Y+1)·bh). Edge rule: the output is
/// floor(W/bw) × floor(H/bh); trailing columns and rows that do not fill a whole block are dropped (as
/// astropy.nddata.block_reduce trims). NaN pixels are ignored (numpy nanmedian); an all-NaN block gives NaN.
/// An even count takes the mean of the two middle values, as numpy does.
/// </summary>
/// <remarks>
/// Runs on the calling thread only: in the classifier it is the decode side of a pipeline whose other side is
/// libtorch's inference, which already uses every core the pod has; a parallel loop here would steal from it.
/// Eight horizontally adjacent NaN-free blocks at a time go through a median selection network on 256-bit vectors
/// (branch-free, one lane per block); a group with any NaN, and whatever does not fill a group, takes a per-block
/// selection (quickselect). Both give exactly the value a sort would.
/// </remarks>
public static class MedianBinning
{
    /// <summary>Below this many values a selection range is finished by insertion sort.</summary>
    private const int InsertionSortCutoff = 16;

    public static ImagePlane Bin(ImagePlane plane, int block) => Bin(plane, block, block);

    public static ImagePlane Bin(ImagePlane plane, int blockWidth, int blockHeight)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockHeight);
        if (blockWidth > plane.Width || blockHeight > plane.Height)
            throw new ArgumentException($"a {blockWidth}×{blockHeight} block does not fit in a {plane.Width}×{plane.Height} plane");
        var width = plane.Width / blockWidth;
        var height = plane.Height / blockHeight;
        var output = new float[width * height];
        var source = plane.Data;
        var values = new float[blockWidth * blockHeight];
        var network = Vector256.IsHardwareAccelerated && width >= Lanes ? MedianNetwork.For(values.Length) : null;
        var wires = network is null ? [] : new Vector256<float>[network.Wires];
        var lanes = new float[Lanes];
        for (var y = 0; y < height; y++)
        {
            var x = 0;
            if (network is not null)
                for (; x + Lanes <= width; x += Lanes)
                    if (!network.TryMedians(source, plane.Width, (y * blockHeight) * plane.Width + x * blockWidth, blockWidth, blockHeight, wires, lanes, output.AsSpan(y * width + x, Lanes)))
                        for (var l = 0; l < Lanes; l++) output[y * width + x + l] = BlockMedian(plane, x + l, y, blockWidth, blockHeight, values);
            for (; x < width; x++) output[y * width + x] = BlockMedian(plane, x, y, blockWidth, blockHeight, values);
        }
        return new ImagePlane(width, height, output);
    }

    private const int Lanes = 8;

    private static float BlockMedian(ImagePlane plane, int x, int y, int blockWidth, int blockHeight, float[] values)
    {
        var n = 0;
        for (var dy = 0; dy < blockHeight; dy++)
        {
            var row = plane.Data.AsSpan((y * blockHeight + dy) * plane.Width + x * blockWidth, blockWidth);
            foreach (var v in row)
                if (!float.IsNaN(v)) values[n++] = v;
        }
        return Median(values.AsSpan(0, n));
    }

    /// <summary>The median of <paramref name="values"/> (NaN-free, reordered in place); NaN when empty.</summary>
    internal static float Median(Span<float> values)
    {
        if (values.Length == 0) return float.NaN;
        var mid = values.Length / 2;
        var upper = Select(values, mid);
        if (values.Length % 2 == 1) return upper;
        // Select leaves every value before index mid at or below it, so the lower middle is their maximum.
        var lower = values[0];
        foreach (var v in values[1..mid])
            if (v > lower) lower = v;
        return (lower + upper) / 2f;
    }

    /// <summary>
    /// Reorders <paramref name="values"/> so that index <paramref name="k"/> holds the value a full sort would put
    /// there, with no larger value before it and no smaller after it (nth_element), and returns that value.
    /// Quickselect with a median-of-three pivot and a Hoare partition.
    /// </summary>
    internal static float Select(Span<float> values, int k)
    {
        var (lo, hi) = (0, values.Length - 1);
        while (hi - lo > InsertionSortCutoff)
        {
            var m = lo + (hi - lo) / 2;
            if (values[m] < values[lo]) Swap(values, m, lo);
            if (values[hi] < values[lo]) Swap(values, hi, lo);
            if (values[hi] < values[m]) Swap(values, hi, m);
            var pivot = values[m];
            var (i, j) = (lo, hi);
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) Swap(values, i++, j--);
            }
            // Now [lo, j] <= pivot, [i, hi] >= pivot, and anything strictly between equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }
        for (var a = lo + 1; a <= hi; a++)
        {
            var v = values[a];
            var b = a - 1;
            for (; b >= lo && values[b] > v; b--) values[b + 1] = values[b];
            values[b + 1] = v;
        }
        return values[k];
    }

    private static void Swap(Span<float> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);

    /// <summary>
    /// A median selection network for <c>count</c> inputs: Batcher's odd–even merge sort on the next power of two
    /// (inputs past <c>count</c> are +∞ and sort last), keeping only the comparators the middle output depends on.
    /// </summary>
    private sealed class MedianNetwork
    {
        /// <summary>Largest block (values) the network serves; larger blocks use the selection only.</summary>
        private const int MaxCount = 256;
        private static readonly ConcurrentDictionary<int, MedianNetwork?> Cache = new();
        private readonly int _count;
        private readonly int[] _pairs; // comparator i: (wire _pairs[2i], wire _pairs[2i+1]) -> (min, max)

        private MedianNetwork(int count)
        {
            _count = count;
            Wires = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count);
            var all = new List<(int A, int B)>();
            for (var p = 1; p < Wires; p <<= 1)
                for (var k = p; k >= 1; k >>= 1)
                    for (var j = k % p; j + k < Wires; j += 2 * k)
                        for (var i = 0; i < Math.Min(k, Wires - j - k); i++)
                            if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) all.Add((i + j, i + j + k));
            var needed = new bool[Wires];
            needed[count / 2] = true;
            var kept = new List<int>();
            for (var c = all.Count - 1; c >= 0; c--)
            {
                var (a, b) = all[c];
                if (!needed[a] && !needed[b]) continue;
                needed[a] = needed[b] = true;
                kept.Add(b);
                kept.Add(a);
            }
            kept.Reverse(); // back to network order, each pair (a, b)
            _pairs = [.. kept];
        }

        public int Wires { get; }

        /// <summary>The shared network for odd <paramref name="count"/> in [3, 256]; null otherwise (even counts
        /// average two middles, which only NaN-holding blocks of odd size or even blocks need: the selection does it).</summary>
        public static MedianNetwork? For(int count) =>
            count is < 3 or > MaxCount || count % 2 == 0 ? null : Cache.GetOrAdd(count, c => new MedianNetwork(c));

        /// <summary>
        /// Medians of the <see cref="Lanes"/> blocks whose first pixel is at <paramref name="start"/>; false (nothing
        /// written) when any of them holds a NaN.
        /// </summary>
        public bool TryMedians(float[] source, int stride, int start, int blockWidth, int blockHeight, Vector256<float>[] wires, float[] lanes, Span<float> output)
        {
            var finite = Vector256<int>.AllBitsSet; // lanes where every value so far equals itself (no NaN)
            var w = 0;
            for (var dy = 0; dy < blockHeight; dy++)
                for (var dx = 0; dx < blockWidth; dx++, w++)
                {
                    var at = start + dy * stride + dx;
                    for (var l = 0; l < Lanes; l++) lanes[l] = source[at + l * blockWidth];
                    var v = Vector256.Create(lanes);
                    finite &= Vector256.Equals(v, v).AsInt32();
                    wires[w] = v;
                }
            if (finite != Vector256<int>.AllBitsSet) return false;
            for (; w < Wires; w++) wires[w] = Vector256.Create(float.PositiveInfinity);
            var pairs = _pairs;
            for (var c = 0; c + 1 < pairs.Length; c += 2)
            {
                var (a, b) = (wires[pairs[c]], wires[pairs[c + 1]]);
                wires[pairs[c]] = Vector256.Min(a, b);
                wires[pairs[c + 1]] = Vector256.Max(a, b);
            }
            wires[_count / 2].CopyTo(output);
            return true;
        }
    }
}
