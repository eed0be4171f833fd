using System.Globalization;
using System.Text;

namespace Reservoir.Web.ResultSets;

/// <summary>
/// <c>info_df.csv</c> as text cells: a header row, then one row per hit (RFC 4180 quoting, as the runner
/// writes it). A row with the wrong number of cells is an error naming the source and line.
/// </summary>
internal sealed class CsvTable(IReadOnlyList<string> columns, IReadOnlyList<string[]> rows)
{
    public IReadOnlyList<string> Columns { get; } = columns;
    public IReadOnlyList<string[]> Rows { get; } = rows;

    public int ColumnOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i] == name) return i;
        return -1;
    }

    /// <summary>Cell <paramref name="column"/> of row <paramref name="row"/> as a double, or null when absent or not a number.</summary>
    public double? Number(int row, int column) =>
        column >= 0 && row < Rows.Count && double.TryParse(Rows[row][column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    public string? Text(int row, int column) => column >= 0 && row < Rows.Count ? Rows[row][column] : null;

    public static CsvTable Parse(TextReader reader, string source)
    {
        var records = new List<string[]>();
        var line = 1;
        while (ReadRecord(reader, ref line, source) is { } record) records.Add(record);
        if (records.Count == 0) throw new FormatException($"{source}: empty table (no header row)");
        var columns = records[0];
        for (var i = 1; i < records.Count; i++)
            if (records[i].Length != columns.Length)
                throw new FormatException($"{source}: row {i} has {records[i].Length} cells, the header has {columns.Length}");
        return new CsvTable(columns, records.Skip(1).ToList());
    }

    private static string[]? ReadRecord(TextReader reader, ref int line, string source)
    {
        if (reader.Peek() < 0) return null;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c < 0) throw new FormatException($"{source}: line {line}: unterminated quoted cell");
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); cell.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    cell.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when cell.Length == 0: quoted = true; break;
                case ',': cells.Add(cell.ToString()); cell.Clear(); break;
                case '\r': break;
                case '\n' or -1:
                    cells.Add(cell.ToString());
                    line++;
                    return cells.ToArray();
                default: cell.Append((char)c); break;
            }
        }
    }
}
