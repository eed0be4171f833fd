using System.Globalization;
using Reservoir.Formats.Npy;
using Reservoir.Formats.Preprocessing;
using Reservoir.Sdk;

namespace Reservoir.Algorithms.CnnClassifier.Items;

/// <summary>
/// The hits of an earlier energy-detection result set: stamp i of <c>filtered.npy</c> (integrations × window)
/// with row i of <c>info_df.csv</c>. Items are named by that row number, and the rows keep the hit's
/// <c>index</c> and <c>freqs</c> columns (when the table has them).
/// </summary>
internal sealed class StampItems(string folder, InputShaper shaper) : IItemSource
{
    private static readonly string[] Kept = ["index", "freqs"];
    private readonly string _npy = Path.Combine(folder, "filtered.npy");
    private readonly string _csv = Path.Combine(folder, "info_df.csv");
    private string[]? _columns;

    public IReadOnlyList<string> ExtraColumns => _columns ??= ReadHeader().Where(c => Kept.Contains(c)).ToArray();

    public IEnumerable<ClassifierItem> Read(CancellationToken cancellationToken)
    {
        if (!File.Exists(_npy) || !File.Exists(_csv)) throw new BadInputException($"{folder}: not an energy-detection result set (needs filtered.npy and info_df.csv)");
        var header = ReadHeader();
        var keep = ExtraColumns.Select(c => Array.IndexOf(header, c)).ToArray();
        using var stamps = NpyReader.Open(_npy);
        if (stamps.Shape.Count != 3) throw new BadInputException($"{_npy}: shape ({string.Join(", ", stamps.Shape)}) is not (hits, integrations, window)");
        var (height, width) = (checked((int)stamps.Shape[1]), checked((int)stamps.Shape[2]));
        using var rows = new StreamReader(_csv);
        rows.ReadLine();
        for (long i = 0; i < stamps.Shape[0]; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = rows.ReadLine() ?? throw new BadInputException($"{_csv}: has fewer rows than {_npy} has stamps ({stamps.Shape[0]})");
            var fields = line.Split(',');
            var extra = keep.Select(k => Parse(fields, k, i)).ToArray();
            var data = new float[height * width];
            stamps.ReadItem(i, data);
            var name = i.ToString(CultureInfo.InvariantCulture);
            yield return new ClassifierItem(name, shaper.Shape([new ImagePlane(width, height, data)], $"{_npy}[{i}]"), extra);
        }
    }

    private object Parse(string[] fields, int column, long row)
    {
        if (column >= fields.Length) throw new BadInputException($"{_csv}: row {row} has {fields.Length} fields");
        var text = fields[column];
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)) return whole;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return real;
        throw new BadInputException($"{_csv}: row {row}: '{text}' is not a number");
    }

    private string[] ReadHeader()
    {
        if (!File.Exists(_csv)) throw new BadInputException($"{folder}: not an energy-detection result set (no info_df.csv)");
        using var reader = new StreamReader(_csv);
        return (reader.ReadLine() ?? throw new BadInputException($"{_csv}: empty")).Split(',');
    }
}
