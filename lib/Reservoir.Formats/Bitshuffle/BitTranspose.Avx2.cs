using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Reservoir.Formats.Bitshuffle;

/// <summary>
/// The AVX2 untranspose for elements of a multiple of 4 bytes. For 32 bit rows (4 byte planes) and one row
/// byte <c>b</c>, the 32 row bytes gathered into one vector hold exactly the bits of elements <c>8b .. 8b+7</c>:
/// vector byte <c>8j + k</c> is row <c>8j + k</c>, so the movemask of that vector shifted to bit <c>m</c> is the
/// 4 bytes of element <c>8b + m</c>. Gathering is a 32×32 byte transpose of 32 rows × 32 row bytes.
/// </summary>
internal static unsafe partial class BitTranspose
{
    /// <summary>Unshuffles whole groups of 256 elements; returns how many row bytes it covered.</summary>
    private static int UnshuffleAvx2(byte* src, byte* dst, int rowBytes, int elementSize)
    {
        var groups = rowBytes / 32;
        var columns = stackalloc Vector256<byte>[32];
        var scratch = stackalloc Vector256<byte>[16];
        for (var gi = 0; gi < groups; gi++)
        {
            var g = gi * 32;
            for (var q = 0; q < elementSize / 4; q++)
            {
                var rows = src + (long)q * 32 * rowBytes + g;
                Transpose32x32(rows, rowBytes, columns, scratch);
                var output = dst + (long)g * 8 * elementSize + 4 * q;
                for (var b = 0; b < 32; b++)
                    WriteEightElements(columns[b], output + (long)b * 8 * elementSize, elementSize);
            }
        }
        return groups * 32;
    }

    /// <summary>Element m (of 8) gets the movemask of the bits at position m: doubling moves bit m-1 up to 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteEightElements(Vector256<byte> v, byte* o, int elementSize)
    {
        *(int*)(o + 7 * elementSize) = Avx2.MoveMask(v);
        v = Avx2.Add(v, v);
        *(int*)(o + 6 * elementSize) = Avx2.MoveMask(v);
        v = Avx2.Add(v, v);
        *(int*)(o + 5 * elementSize) = Avx2.MoveMask(v);
        v = Avx2.Add(v, v);
        *(int*)(o + 4 * elementSize) = Avx2.MoveMask(v);
        v = Avx2.Add(v, v);
        *(int*)(o + 3 * elementSize) = Avx2.MoveMask(v);
        v = Avx2.Add(v, v);
        *(int*)(o + 2 * elementSize) = Avx2.MoveMask(v);
        v = Avx2.Add(v, v);
        *(int*)(o + elementSize) = Avx2.MoveMask(v);
        v = Avx2.Add(v, v);
        *(int*)o = Avx2.MoveMask(v);
    }

    /// <summary>columns[c] byte r = rows[r · stride + c] for 32 rows of 32 bytes.</summary>
    private static void Transpose32x32(byte* rows, long stride, Vector256<byte>* columns, Vector256<byte>* scratch)
    {
        // Each 128-bit lane transposes 16×16 on its own; rows 0-15 land in columns[0..15], rows 16-31 in
        // columns[16..31], lane L holding column 16L + index. Then the lanes are recombined.
        Transpose16Rows(rows, stride, columns, scratch);
        Transpose16Rows(rows + 16 * stride, stride, columns + 16, scratch);
        for (var c = 0; c < 16; c++)
        {
            var low = columns[c];
            var high = columns[16 + c];
            columns[c] = Avx2.Permute2x128(low, high, 0x20);
            columns[16 + c] = Avx2.Permute2x128(low, high, 0x31);
        }
    }

    /// <summary>
    /// Within each 128-bit lane, a 16×16 byte transpose of 16 rows: four rounds of interleaving vector i with
    /// vector i + 8 each rotate the (vector, byte) index bits by one, so four rounds swap them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16Rows(byte* rows, long stride, Vector256<byte>* x, Vector256<byte>* y)
    {
        for (var r = 0; r < 16; r++) x[r] = Avx.LoadVector256(rows + r * stride);
        for (var round = 0; round < 2; round++)
        {
            Interleave(x, y);
            Interleave(y, x);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector256<byte>* from, Vector256<byte>* to)
    {
        for (var i = 0; i < 8; i++)
        {
            to[2 * i] = Avx2.UnpackLow(from[i], from[i + 8]);
            to[2 * i + 1] = Avx2.UnpackHigh(from[i], from[i + 8]);
        }
    }
}
