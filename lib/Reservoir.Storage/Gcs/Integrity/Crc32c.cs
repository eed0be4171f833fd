using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Reservoir.Storage.Gcs.Integrity;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum Cloud Storage keeps for every object.
/// <see cref="Append"/> chains: <c>Append(Append(0, a), b) == Compute(a + b)</c>. Uses the SSE4.2 CRC32
/// instruction (which computes exactly this polynomial) where the CPU has it, a table otherwise.
/// </summary>
public static class Crc32c
{
    private const uint Polynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>The checksum of the bytes summarised by <paramref name="crc"/> followed by <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) =>
        ~(Sse42.X64.IsSupported ? Hardware(~crc, data) : Software(~crc, data));

    /// <summary>The checksum as the JSON API writes it: base64 of the four bytes, most significant first.</summary>
    public static string ToBase64(uint crc)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, crc);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Parses the JSON API's base64 form; false when it is not four bytes of base64.</summary>
    public static bool TryParseBase64(string? text, out uint crc)
    {
        crc = 0;
        if (string.IsNullOrEmpty(text)) return false;
        Span<byte> bytes = stackalloc byte[8];
        if (!Convert.TryFromBase64String(text, bytes, out var written) || written != 4) return false;
        crc = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    private static uint Hardware(uint crc, ReadOnlySpan<byte> data)
    {
        ulong wide = crc;
        while (data.Length >= 8)
        {
            wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        crc = (uint)wide;
        foreach (var b in data) crc = Sse42.Crc32(crc, b);
        return crc;
    }

    private static uint Software(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            table[i] = c;
        }
        return table;
    }

    /// <summary>The table implementation, for tests that check both paths agree.</summary>
    internal static uint ComputeSoftware(ReadOnlySpan<byte> data) => ~Software(~0u, data);
}
