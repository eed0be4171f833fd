using Reservoir.Sdk;

namespace Reservoir.Formats.Images;

/// <summary>Reverses the five PNG scanline filters (PNG specification section 9) in place.</summary>
internal static class PngFilters
{
    public static void Undo(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int stride, string source, long offset)
    {
        switch (filter)
        {
            case 0: return;
            case 1:
                for (var i = stride; i < row.Length; i++) row[i] += row[i - stride];
                return;
            case 2:
                for (var i = 0; i < row.Length; i++) row[i] += previous[i];
                return;
            case 3:
                for (var i = 0; i < row.Length; i++) row[i] += (byte)(((i >= stride ? row[i - stride] : 0) + previous[i]) >> 1);
                return;
            case 4:
                for (var i = 0; i < row.Length; i++)
                    row[i] += Paeth(i >= stride ? row[i - stride] : (byte)0, previous[i], i >= stride ? previous[i - stride] : (byte)0);
                return;
            default:
                throw new BadInputException($"{source}: scanline at inflated byte {offset} has filter type {filter}, not 0–4");
        }
    }

    private static byte Paeth(byte a, byte b, byte c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
