namespace Reservoir.Formats.Fits;

public enum FitsHduKind { Primary, Image, BinaryTable, AsciiTable, Other }

/// <summary>
/// One header-data unit as found by <see cref="FitsReader"/>: its header and where its data lie. The data
/// are read only when asked for (<see cref="FitsReader.ReadImage(int)"/>, <see cref="FitsReader.ReadTable(int)"/>).
/// </summary>
public sealed class FitsHdu
{
    internal FitsHdu(int index, FitsHeader header, FitsHduKind kind, long dataOffset, long dataBytes)
    {
        Index = index;
        Header = header;
        Kind = kind;
        DataOffset = dataOffset;
        DataBytes = dataBytes;
        Bitpix = (int)header.GetInt64("BITPIX");
        var naxis = header.GetInt64("NAXIS");
        if (naxis is < 0 or > 999) throw header.Wrong(Card(header, "NAXIS"), "0..999");
        var axes = new long[naxis];
        for (var i = 0; i < naxis; i++)
        {
            axes[i] = header.GetInt64($"NAXIS{i + 1}");
            if (axes[i] < 0) throw header.Wrong(Card(header, $"NAXIS{i + 1}"), "≥ 0");
        }
        Axes = axes;
    }

    public int Index { get; }

    public FitsHeader Header { get; }

    public FitsHduKind Kind { get; }

    public int Bitpix { get; }

    /// <summary>NAXIS1, NAXIS2, … (NAXIS1 varies fastest in the data).</summary>
    public IReadOnlyList<long> Axes { get; }

    /// <summary>Byte offset of the data in the file.</summary>
    public long DataOffset { get; }

    /// <summary>Data length in bytes without the padding to a 2880-byte block.</summary>
    public long DataBytes { get; }

    /// <summary>An image HDU (primary or IMAGE extension) with at least one pixel.</summary>
    public bool HasImage => Kind is FitsHduKind.Primary or FitsHduKind.Image && Axes.Count > 0 && DataBytes > 0;

    /// <summary>The data size rule of FITS 4.0 section 4.4.1.1 (random groups skip NAXIS1).</summary>
    internal static long DataSize(FitsHeader header, bool primary)
    {
        var bitpix = header.GetInt64("BITPIX");
        if (bitpix is not (8 or 16 or 32 or 64 or -32 or -64))
            throw header.Wrong(Card(header, "BITPIX"), "8, 16, 32, 64, -32 or -64");
        var naxis = header.GetInt64("NAXIS");
        if (naxis == 0) return 0;
        var groups = primary && header.GetBoolean("GROUPS", false) && header.GetInt64("NAXIS1", -1) == 0;
        long count = 1;
        for (var i = groups ? 2 : 1; i <= naxis; i++) count = checked(count * header.GetInt64($"NAXIS{i}"));
        var pcount = primary && !groups ? 0 : header.GetInt64("PCOUNT", 0);
        var gcount = primary && !groups ? 1 : header.GetInt64("GCOUNT", 1);
        if (pcount < 0 || gcount < 0) throw new Reservoir.Sdk.BadInputException($"{header.Source}: HDU {header.HduIndex}: PCOUNT/GCOUNT must be ≥ 0");
        return checked(Math.Abs(bitpix) / 8 * gcount * (pcount + count));
    }

    internal static FitsCard Card(FitsHeader header, string keyword) =>
        header.TryGetCard(keyword, out var card) ? card : throw header.Missing(keyword, "required");
}
