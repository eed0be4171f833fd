using System.Globalization;
using System.Text;

namespace Reservoir.Formats.Npy;

/// <summary>
/// The parsed header of a .npy file: element type (numpy <c>descr</c>, e.g. <c>&lt;f4</c>), memory order,
/// shape, and where the data starts. Format facts: magic <c>\x93NUMPY</c>, version byte pair, a little-endian
/// header length (uint16 in 1.0, uint32 in 2.0/3.0), then a Python dict literal padded with spaces and '\n'.
/// </summary>
public sealed record NpyHeader(string Descr, bool FortranOrder, IReadOnlyList<long> Shape, long DataOffset)
{
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Number of elements (product of the shape; 1 for a 0-d array).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The dict text for a C-order array, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.</summary>
    internal static string DictText(string descr, IReadOnlyList<long> shape)
    {
        var dims = shape.Count == 1
            ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        return $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
    }

    /// <summary>
    /// A version 1.0 header whose total length (magic to data) is exactly <paramref name="totalLength"/>,
    /// a multiple of 64, padded with spaces before the closing '\n'.
    /// </summary>
    internal static byte[] Encode(string dict, int totalLength)
    {
        var headerLength = totalLength - 10;
        if (dict.Length + 1 > headerLength) throw new InvalidOperationException($"npy header '{dict}' does not fit in {totalLength} bytes");
        var bytes = new byte[totalLength];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        bytes[8] = (byte)(headerLength & 0xFF);
        bytes[9] = (byte)(headerLength >> 8);
        var text = dict.PadRight(headerLength - 1) + "\n";
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(10));
        return bytes;
    }

    /// <summary>The smallest multiple of 64 that holds the magic, length fields and <paramref name="dict"/>.</summary>
    internal static int AlignedLength(string dict) => (10 + dict.Length + 1 + 63) / 64 * 64;
}
