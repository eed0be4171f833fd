using System.Buffers.Binary;
using System.Text;
using Reservoir.Sdk;

namespace Reservoir.Formats.Fits;

/// <summary>
/// A BINTABLE HDU. Columns are found by TTYPE name (case-insensitive, as astropy) and read whole, in row
/// order; a column with repeat count r yields r values per row, row-major. Rows are read in chunks, so only
/// the requested column is held in memory. Variable-length (P/Q) and complex (C/M) columns are listed but
/// not readable.
/// </summary>
public sealed class FitsTable
{
    private const int ChunkBytes = 1 << 20;
    private readonly FitsReader _reader;

    internal FitsTable(FitsReader reader, FitsHdu hdu)
    {
        _reader = reader;
        Hdu = hdu;
        var header = hdu.Header;
        if (hdu.Axes.Count != 2) throw new BadInputException($"{reader.Source}: HDU {hdu.Index}: a BINTABLE needs NAXIS = 2, found {hdu.Axes.Count}");
        RowBytes = checked((int)hdu.Axes[0]);
        RowCount = hdu.Axes[1];
        var fields = header.GetInt64("TFIELDS");
        if (fields is < 0 or > 999) throw new BadInputException($"{reader.Source}: HDU {hdu.Index}: TFIELDS = {fields} is outside 0..999");
        var columns = new List<FitsColumn>();
        var offset = 0;
        for (var n = 1; n <= fields; n++)
        {
            var column = FitsColumn.Parse(header, n, offset);
            columns.Add(column);
            offset = checked(offset + column.Width);
        }
        if (offset != RowBytes)
            throw new BadInputException($"{reader.Source}: HDU {hdu.Index}: the TFORMs add up to {offset} bytes per row but NAXIS1 = {RowBytes}");
        Columns = columns;
    }

    public FitsHdu Hdu { get; }

    public FitsHeader Header => Hdu.Header;

    public long RowCount { get; }

    public int RowBytes { get; }

    public IReadOnlyList<FitsColumn> Columns { get; }

    public bool HasColumn(string name) => Columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public FitsColumn Column(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new BadInputException($"{_reader.Source}: HDU {Hdu.Index}: no column named {name} (columns: {string.Join(", ", Columns.Select(c => c.Name))})");

    /// <summary>
    /// A numeric column (B, I, J, K, E, D) as physical values <c>TZERO + TSCAL × stored</c>; integer
    /// elements equal to TNULL become NaN.
    /// </summary>
    public double[] ReadDoubles(string name)
    {
        var c = Require(name, "BIJKED");
        var result = new double[checked((int)(RowCount * c.Repeat))];
        var i = 0;
        ForEachCell(c, cell =>
        {
            for (var k = 0; k < c.Repeat; k++, i++)
            {
                var at = cell.Slice(k * c.ElementSize, c.ElementSize);
                double raw;
                if (c.Type is 'E' or 'D') raw = c.Type == 'E' ? BinaryPrimitives.ReadSingleBigEndian(at) : BinaryPrimitives.ReadDoubleBigEndian(at);
                else
                {
                    var integer = Integer(c.Type, at);
                    if (integer == c.Null) { result[i] = double.NaN; continue; }
                    raw = integer;
                }
                result[i] = c.Zero + c.Scale * raw;
            }
        });
        return result;
    }

    /// <summary>
    /// An integer column (B, I, J, K) as <c>TZERO + stored</c> (TSCAL must be 1; e.g. a QUALITY bit mask).
    /// TNULL elements are returned as they are stored, plus TZERO.
    /// </summary>
    public long[] ReadInt64(string name)
    {
        var c = Require(name, "BIJK");
        if (c.Scale != 1.0 || c.Zero != Math.Floor(c.Zero))
            throw new BadInputException($"{_reader.Source}: HDU {Hdu.Index}: column {c.Name} is scaled (TSCAL {c.Scale}, TZERO {c.Zero}): read it with ReadDoubles");
        var zero = (ulong)(long)Math.Clamp(c.Zero, long.MinValue, long.MaxValue) + (c.Zero >= 9.2e18 ? 1UL : 0UL);
        var result = new long[checked((int)(RowCount * c.Repeat))];
        var i = 0;
        ForEachCell(c, cell =>
        {
            for (var k = 0; k < c.Repeat; k++) result[i++] = unchecked((long)((ulong)Integer(c.Type, cell.Slice(k * c.ElementSize, c.ElementSize)) + zero));
        });
        return result;
    }

    /// <summary>A logical (L) column: 'T' true, 'F' false, 0 (undefined) null.</summary>
    public bool?[] ReadLogicals(string name)
    {
        var c = Require(name, "L");
        var result = new bool?[checked((int)(RowCount * c.Repeat))];
        var i = 0;
        ForEachCell(c, cell =>
        {
            foreach (var b in cell) result[i++] = b == (byte)'T' ? true : b == (byte)'F' ? false : null;
        });
        return result;
    }

    /// <summary>A bit (X) column: repeat bits per row, most significant bit first.</summary>
    public bool[] ReadBits(string name)
    {
        var c = Require(name, "X");
        var result = new bool[checked((int)(RowCount * c.Repeat))];
        var i = 0;
        ForEachCell(c, cell =>
        {
            for (var bit = 0; bit < c.Repeat; bit++) result[i++] = (cell[bit / 8] & (0x80 >> (bit % 8))) != 0;
        });
        return result;
    }

    /// <summary>A character (A) column: one string per row, ending at the first NUL, trailing spaces removed.</summary>
    public string[] ReadStrings(string name)
    {
        var c = Require(name, "A");
        var result = new string[checked((int)RowCount)];
        var i = 0;
        ForEachCell(c, cell =>
        {
            var end = cell.IndexOf((byte)0);
            result[i++] = Encoding.ASCII.GetString(end >= 0 ? cell[..end] : cell).TrimEnd(' ');
        });
        return result;
    }

    private static long Integer(char type, ReadOnlySpan<byte> at) => type switch
    {
        'B' => at[0],
        'I' => BinaryPrimitives.ReadInt16BigEndian(at),
        'J' => BinaryPrimitives.ReadInt32BigEndian(at),
        _ => BinaryPrimitives.ReadInt64BigEndian(at),
    };

    private FitsColumn Require(string name, string types)
    {
        var c = Column(name);
        if (!types.Contains(c.Type))
            throw new BadInputException($"{_reader.Source}: HDU {Hdu.Index}: column {c.Name} has type {c.Repeat}{c.Type}; this read needs one of {string.Join("/", types.ToCharArray())}");
        return c;
    }

    private delegate void CellAction(ReadOnlySpan<byte> cell);

    private void ForEachCell(FitsColumn column, CellAction action)
    {
        var rowsPerChunk = Math.Max(1, ChunkBytes / Math.Max(1, RowBytes));
        var buffer = new byte[(int)Math.Min(RowCount, rowsPerChunk) * RowBytes];
        var stream = _reader.Stream;
        for (long row = 0; row < RowCount; row += rowsPerChunk)
        {
            var rows = (int)Math.Min(rowsPerChunk, RowCount - row);
            var offset = Hdu.DataOffset + row * RowBytes;
            stream.Position = offset;
            var got = stream.ReadAtLeast(buffer.AsSpan(0, rows * RowBytes), rows * RowBytes, throwOnEndOfStream: false);
            if (got < rows * RowBytes)
                throw new BadInputException($"{_reader.Source}: HDU {Hdu.Index}: table data end at byte {offset + got} in row {row + got / RowBytes}: truncated");
            for (var r = 0; r < rows; r++) action(buffer.AsSpan(r * RowBytes + column.Offset, column.Width));
        }
    }
}
