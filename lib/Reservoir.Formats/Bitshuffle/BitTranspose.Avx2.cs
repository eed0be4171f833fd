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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first chunk: skip tier-0 code
    private static int UnshuffleAvx2(byte* src, byte* dst, int rowBytes, int elementSize)
    {
        var groups = rowBytes / 32;
        var columns = stackalloc Vector256<byte>[32];
        for (var gi = 0; gi < groups; gi++)
        {
            var g = gi * 32;
            for (var q = 0; q < elementSize / 4; q++)
            {
                var rows = src + (long)q * 32 * rowBytes + g;
                Transpose32x32(rows, rowBytes, columns);
                var output = dst + (long)g * 8 * elementSize + 4 * q;
                for (var b = 0; b < 32; b++)
                    WriteEightElements(columns[b], output + (long)b * 8 * elementSize, elementSize);
            }
        }
        return groups * 32;
    }

    /// <summary>Element m (of 8) gets the movemask of the bits at position m: doubling moves bit m-1 up to 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose32x32(byte* rows, long stride, Vector256<byte>* columns)
    {
        // Each 128-bit lane transposes 16×16 on its own; rows 0-15 land in columns[0..15], rows 16-31 in
        // columns[16..31], lane L holding column 16L + index. Then the lanes are recombined.
        Transpose16Rows(rows, stride, columns);
        Transpose16Rows(rows + 16 * stride, stride, columns + 16);
        for (var c = 0; c < 16; c++)
        {
            var low = columns[c];
            var high = columns[16 + c];
            columns[c] = Avx2.Permute2x128(low, high, 0x20);
            columns[16 + c] = Avx2.Permute2x128(low, high, 0x31);
        }
    }

    /// <summary>
    /// Within each 128-bit lane, a 16×16 byte transpose of 16 rows: each round interleaves vector i with
    /// vector i + 8 into vectors 2i, 2i+1, which rotates the 8 (vector, byte) index bits by one; four rounds
    /// swap them. Written out so that the 32 vectors stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16Rows(byte* rows, long stride, Vector256<byte>* output)
    {
        var x0 = Avx.LoadVector256(rows);
        var x1 = Avx.LoadVector256(rows + 1 * stride);
        var x2 = Avx.LoadVector256(rows + 2 * stride);
        var x3 = Avx.LoadVector256(rows + 3 * stride);
        var x4 = Avx.LoadVector256(rows + 4 * stride);
        var x5 = Avx.LoadVector256(rows + 5 * stride);
        var x6 = Avx.LoadVector256(rows + 6 * stride);
        var x7 = Avx.LoadVector256(rows + 7 * stride);
        var x8 = Avx.LoadVector256(rows + 8 * stride);
        var x9 = Avx.LoadVector256(rows + 9 * stride);
        var x10 = Avx.LoadVector256(rows + 10 * stride);
        var x11 = Avx.LoadVector256(rows + 11 * stride);
        var x12 = Avx.LoadVector256(rows + 12 * stride);
        var x13 = Avx.LoadVector256(rows + 13 * stride);
        var x14 = Avx.LoadVector256(rows + 14 * stride);
        var x15 = Avx.LoadVector256(rows + 15 * stride);
        var y0 = Avx2.UnpackLow(x0, x8); var y1 = Avx2.UnpackHigh(x0, x8);
        var y2 = Avx2.UnpackLow(x1, x9); var y3 = Avx2.UnpackHigh(x1, x9);
        var y4 = Avx2.UnpackLow(x2, x10); var y5 = Avx2.UnpackHigh(x2, x10);
        var y6 = Avx2.UnpackLow(x3, x11); var y7 = Avx2.UnpackHigh(x3, x11);
        var y8 = Avx2.UnpackLow(x4, x12); var y9 = Avx2.UnpackHigh(x4, x12);
        var y10 = Avx2.UnpackLow(x5, x13); var y11 = Avx2.UnpackHigh(x5, x13);
        var y12 = Avx2.UnpackLow(x6, x14); var y13 = Avx2.UnpackHigh(x6, x14);
        var y14 = Avx2.UnpackLow(x7, x15); var y15 = Avx2.UnpackHigh(x7, x15);
        x0 = Avx2.UnpackLow(y0, y8); x1 = Avx2.UnpackHigh(y0, y8);
        x2 = Avx2.UnpackLow(y1, y9); x3 = Avx2.UnpackHigh(y1, y9);
        x4 = Avx2.UnpackLow(y2, y10); x5 = Avx2.UnpackHigh(y2, y10);
        x6 = Avx2.UnpackLow(y3, y11); x7 = Avx2.UnpackHigh(y3, y11);
        x8 = Avx2.UnpackLow(y4, y12); x9 = Avx2.UnpackHigh(y4, y12);
        x10 = Avx2.UnpackLow(y5, y13); x11 = Avx2.UnpackHigh(y5, y13);
        x12 = Avx2.UnpackLow(y6, y14); x13 = Avx2.UnpackHigh(y6, y14);
        x14 = Avx2.UnpackLow(y7, y15); x15 = Avx2.UnpackHigh(y7, y15);
        y0 = Avx2.UnpackLow(x0, x8); y1 = Avx2.UnpackHigh(x0, x8);
        y2 = Avx2.UnpackLow(x1, x9); y3 = Avx2.UnpackHigh(x1, x9);
        y4 = Avx2.UnpackLow(x2, x10); y5 = Avx2.UnpackHigh(x2, x10);
        y6 = Avx2.UnpackLow(x3, x11); y7 = Avx2.UnpackHigh(x3, x11);
        y8 = Avx2.UnpackLow(x4, x12); y9 = Avx2.UnpackHigh(x4, x12);
        y10 = Avx2.UnpackLow(x5, x13); y11 = Avx2.UnpackHigh(x5, x13);
        y12 = Avx2.UnpackLow(x6, x14); y13 = Avx2.UnpackHigh(x6, x14);
        y14 = Avx2.UnpackLow(x7, x15); y15 = Avx2.UnpackHigh(x7, x15);
        x0 = Avx2.UnpackLow(y0, y8); x1 = Avx2.UnpackHigh(y0, y8);
        x2 = Avx2.UnpackLow(y1, y9); x3 = Avx2.UnpackHigh(y1, y9);
        x4 = Avx2.UnpackLow(y2, y10); x5 = Avx2.UnpackHigh(y2, y10);
        x6 = Avx2.UnpackLow(y3, y11); x7 = Avx2.UnpackHigh(y3, y11);
        x8 = Avx2.UnpackLow(y4, y12); x9 = Avx2.UnpackHigh(y4, y12);
        x10 = Avx2.UnpackLow(y5, y13); x11 = Avx2.UnpackHigh(y5, y13);
        x12 = Avx2.UnpackLow(y6, y14); x13 = Avx2.UnpackHigh(y6, y14);
        x14 = Avx2.UnpackLow(y7, y15); x15 = Avx2.UnpackHigh(y7, y15);
        output[0] = x0;
        output[1] = x1;
        output[2] = x2;
        output[3] = x3;
        output[4] = x4;
        output[5] = x5;
        output[6] = x6;
        output[7] = x7;
        output[8] = x8;
        output[9] = x9;
        output[10] = x10;
        output[11] = x11;
        output[12] = x12;
        output[13] = x13;
        output[14] = x14;
        output[15] = x15;
    }
}
