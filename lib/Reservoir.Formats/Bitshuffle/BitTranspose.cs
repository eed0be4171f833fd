using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Reservoir.Formats.Bitshuffle;

/// <summary>Which instructions <see cref="BitTranspose"/> uses; each level falls back to the ones below for what it cannot cover.</summary>
internal enum TransposeLevel { Scalar, Sse, Avx2 }

/// <summary>
/// The bitshuffle bit transpose of one block. For a block of <c>n</c> elements (n a multiple of 8) of
/// <c>E</c> bytes, the shuffled form holds <c>8·E</c> bit rows of <c>n/8</c> bytes: row <c>8·j + k</c> carries
/// bit <c>k</c> of byte <c>j</c> of every element, element <c>i</c> at bit <c>i % 8</c> of byte <c>i / 8</c>.
/// The AVX2, SSE2/SSSE3 and scalar paths produce identical bytes (tests check every level).
/// </summary>
internal static unsafe partial class BitTranspose
{
    /// <summary>The best level this CPU supports.</summary>
    public static TransposeLevel Supported { get; } =
        Avx2.IsSupported ? TransposeLevel.Avx2 : Sse2.IsSupported && Ssse3.IsSupported ? TransposeLevel.Sse : TransposeLevel.Scalar;

    /// <summary>The level in use; tests lower it to compare paths (never above <see cref="Supported"/>).</summary>
    internal static TransposeLevel Level { get; set; } = Supported;

    /// <summary>Shuffled bit rows → plain elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unshuffle(ReadOnlySpan<byte> shuffled, Span<byte> elements, int count, int elementSize)
    {
        CheckBlock(shuffled.Length, elements.Length, count, elementSize);
        fixed (byte* src = shuffled)
        fixed (byte* dst = elements)
        {
            var rowBytes = count / 8;
            var done = 0;
            if (Level >= TransposeLevel.Avx2 && elementSize % 4 == 0) done = UnshuffleAvx2(src, dst, rowBytes, elementSize);
            if (Level >= TransposeLevel.Sse && elementSize <= 8) done = UnshuffleSse(src, dst, rowBytes, elementSize, done);
            UnshuffleScalar(src, dst, rowBytes, elementSize, done);
        }
    }

    /// <summary>Plain elements → shuffled bit rows.</summary>
    public static void Shuffle(ReadOnlySpan<byte> elements, Span<byte> shuffled, int count, int elementSize)
    {
        CheckBlock(shuffled.Length, elements.Length, count, elementSize);
        fixed (byte* src = elements)
        fixed (byte* dst = shuffled)
        {
            var rowBytes = count / 8;
            var done = 0;
            if (Level >= TransposeLevel.Sse && elementSize <= 8) done = ShuffleSimd(src, dst, rowBytes, elementSize);
            ShuffleScalar(src, dst, rowBytes, elementSize, done);
        }
    }

    private static void CheckBlock(int shuffledLength, int elementsLength, int count, int elementSize)
    {
        if (count % 8 != 0 || count < 0) throw new ArgumentException($"block of {count} elements is not a multiple of 8");
        var bytes = (long)count * elementSize;
        if (shuffledLength < bytes || elementsLength < bytes) throw new ArgumentException($"buffers shorter than the {bytes}-byte block");
    }

    /// <summary>Transposes the 8×8 bit matrix held in a word (byte r, bit c) → (byte c, bit r).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Transpose8x8(ulong x)
    {
        var t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAUL;
        x ^= t ^ (t << 7);
        t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCUL;
        x ^= t ^ (t << 14);
        t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0UL;
        x ^= t ^ (t << 28);
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnshuffleScalar(byte* src, byte* dst, int rowBytes, int elementSize, int fromByte)
    {
        for (var j = 0; j < elementSize; j++)
        {
            var rows = src + (long)j * 8 * rowBytes;
            for (var g = fromByte; g < rowBytes; g++)
            {
                ulong x = 0;
                for (var k = 0; k < 8; k++) x |= (ulong)rows[(long)k * rowBytes + g] << (8 * k);
                x = Transpose8x8(x);
                var o = dst + (long)g * 8 * elementSize + j;
                for (var m = 0; m < 8; m++) o[m * elementSize] = (byte)(x >> (8 * m));
            }
        }
    }

    private static void ShuffleScalar(byte* src, byte* dst, int rowBytes, int elementSize, int fromByte)
    {
        for (var j = 0; j < elementSize; j++)
        {
            var rows = dst + (long)j * 8 * rowBytes;
            for (var g = fromByte; g < rowBytes; g++)
            {
                var e = src + (long)g * 8 * elementSize + j;
                ulong x = 0;
                for (var m = 0; m < 8; m++) x |= (ulong)e[m * elementSize] << (8 * m);
                x = Transpose8x8(x);
                for (var k = 0; k < 8; k++) rows[(long)k * rowBytes + g] = (byte)(x >> (8 * k));
            }
        }
    }

    /// <summary>Unshuffles whole groups of 128 elements from row byte <paramref name="from"/>; returns the row bytes covered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int UnshuffleSse(byte* src, byte* dst, int rowBytes, int elementSize, int from)
    {
        var groups = (rowBytes - from) / 16;
        if (groups == 0) return from;
        // One 128-element group: E byte planes of 128 bytes, then interleaved into elements.
        var planes = stackalloc byte[128 * 8];
        var deinterleave = Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
        for (var gi = 0; gi < groups; gi++)
        {
            var g = from + gi * 16;
            for (var j = 0; j < elementSize; j++)
            {
                var rows = src + (long)j * 8 * rowBytes + g;
                var r0 = Sse2.LoadVector128(rows);
                var r1 = Sse2.LoadVector128(rows + rowBytes);
                var r2 = Sse2.LoadVector128(rows + 2L * rowBytes);
                var r3 = Sse2.LoadVector128(rows + 3L * rowBytes);
                var r4 = Sse2.LoadVector128(rows + 4L * rowBytes);
                var r5 = Sse2.LoadVector128(rows + 5L * rowBytes);
                var r6 = Sse2.LoadVector128(rows + 6L * rowBytes);
                var r7 = Sse2.LoadVector128(rows + 7L * rowBytes);
                // Byte transpose: word b (8 bytes) = [r0[b] .. r7[b]]; c_p holds words 2p and 2p+1.
                var a0 = Sse2.UnpackLow(r0, r1).AsUInt16(); var a1 = Sse2.UnpackHigh(r0, r1).AsUInt16();
                var a2 = Sse2.UnpackLow(r2, r3).AsUInt16(); var a3 = Sse2.UnpackHigh(r2, r3).AsUInt16();
                var a4 = Sse2.UnpackLow(r4, r5).AsUInt16(); var a5 = Sse2.UnpackHigh(r4, r5).AsUInt16();
                var a6 = Sse2.UnpackLow(r6, r7).AsUInt16(); var a7 = Sse2.UnpackHigh(r6, r7).AsUInt16();
                var b0 = Sse2.UnpackLow(a0, a2).AsUInt32(); var b1 = Sse2.UnpackHigh(a0, a2).AsUInt32();
                var b2 = Sse2.UnpackLow(a1, a3).AsUInt32(); var b3 = Sse2.UnpackHigh(a1, a3).AsUInt32();
                var b4 = Sse2.UnpackLow(a4, a6).AsUInt32(); var b5 = Sse2.UnpackHigh(a4, a6).AsUInt32();
                var b6 = Sse2.UnpackLow(a5, a7).AsUInt32(); var b7 = Sse2.UnpackHigh(a5, a7).AsUInt32();
                var plane = (ushort*)(planes + j * 128);
                BitsToBytes(Sse2.UnpackLow(b0, b4).AsByte(), plane);
                BitsToBytes(Sse2.UnpackHigh(b0, b4).AsByte(), plane + 8);
                BitsToBytes(Sse2.UnpackLow(b1, b5).AsByte(), plane + 16);
                BitsToBytes(Sse2.UnpackHigh(b1, b5).AsByte(), plane + 24);
                BitsToBytes(Sse2.UnpackLow(b2, b6).AsByte(), plane + 32);
                BitsToBytes(Sse2.UnpackHigh(b2, b6).AsByte(), plane + 40);
                BitsToBytes(Sse2.UnpackLow(b3, b7).AsByte(), plane + 48);
                BitsToBytes(Sse2.UnpackHigh(b3, b7).AsByte(), plane + 56);
                var pb = planes + j * 128;
                for (var q = 0; q < 128; q += 16)
                    Sse2.Store(pb + q, Ssse3.Shuffle(Sse2.LoadVector128(pb + q), deinterleave));
            }
            InterleavePlanes(planes, dst + (long)g * 8 * elementSize, elementSize);
        }
        return from + groups * 16;
    }

    /// <summary>
    /// v holds two 8×8 bit matrices (words for 8 elements each, byte k = bit row k). Writes 16 bytes:
    /// position 2m = element m of the first word, 2m+1 = element m of the second.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BitsToBytes(Vector128<byte> v, ushort* output)
    {
        var w = v.AsUInt16();
        for (var m = 7; m >= 0; m--)
        {
            output[m] = (ushort)Sse2.MoveMask(w.AsByte());
            w = Sse2.ShiftLeftLogical(w, 1);
        }
    }

    /// <summary>Byte planes (plane j, 128 bytes each) → 128 interleaved elements of elementSize bytes.</summary>
    private static void InterleavePlanes(byte* planes, byte* dst, int elementSize)
    {
        switch (elementSize)
        {
            case 1:
                Buffer.MemoryCopy(planes, dst, 128, 128);
                return;
            case 4:
                for (var q = 0; q < 128; q += 16)
                {
                    var p0 = Sse2.LoadVector128(planes + q);
                    var p1 = Sse2.LoadVector128(planes + 128 + q);
                    var p2 = Sse2.LoadVector128(planes + 256 + q);
                    var p3 = Sse2.LoadVector128(planes + 384 + q);
                    var x0 = Sse2.UnpackLow(p0, p1).AsUInt16(); var x1 = Sse2.UnpackHigh(p0, p1).AsUInt16();
                    var y0 = Sse2.UnpackLow(p2, p3).AsUInt16(); var y1 = Sse2.UnpackHigh(p2, p3).AsUInt16();
                    var o = dst + q * 4;
                    Sse2.Store(o, Sse2.UnpackLow(x0, y0).AsByte());
                    Sse2.Store(o + 16, Sse2.UnpackHigh(x0, y0).AsByte());
                    Sse2.Store(o + 32, Sse2.UnpackLow(x1, y1).AsByte());
                    Sse2.Store(o + 48, Sse2.UnpackHigh(x1, y1).AsByte());
                }
                return;
            case 2:
                for (var q = 0; q < 128; q += 16)
                {
                    var p0 = Sse2.LoadVector128(planes + q);
                    var p1 = Sse2.LoadVector128(planes + 128 + q);
                    Sse2.Store(dst + q * 2, Sse2.UnpackLow(p0, p1));
                    Sse2.Store(dst + q * 2 + 16, Sse2.UnpackHigh(p0, p1));
                }
                return;
            default:
                for (var e = 0; e < 128; e++)
                    for (var j = 0; j < elementSize; j++)
                        dst[e * elementSize + j] = planes[j * 128 + e];
                return;
        }
    }

    /// <summary>Shuffles whole groups of 16 elements; returns how many row bytes it covered.</summary>
    private static int ShuffleSimd(byte* src, byte* dst, int rowBytes, int elementSize)
    {
        var groups = rowBytes / 2;
        if (groups == 0) return 0;
        var plane = stackalloc byte[16 * 8];
        for (var gi = 0; gi < groups; gi++)
        {
            var e = src + (long)gi * 16 * elementSize;
            for (var i = 0; i < 16; i++)
                for (var j = 0; j < elementSize; j++)
                    plane[j * 16 + i] = e[i * elementSize + j];
            for (var j = 0; j < elementSize; j++)
            {
                var v = Sse2.LoadVector128(plane + j * 16).AsUInt16();
                var rows = dst + (long)j * 8 * rowBytes + gi * 2;
                for (var k = 7; k >= 0; k--)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(rows + (long)k * rowBytes, 2), (ushort)Sse2.MoveMask(v.AsByte()));
                    v = Sse2.ShiftLeftLogical(v, 1);
                }
            }
        }
        return groups * 2;
    }
}
