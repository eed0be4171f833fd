using Reservoir.Formats.Npy;
using Reservoir.Sdk.Artifacts;

namespace Reservoir.Runner.Artifacts;

/// <summary>
/// The runner's <see cref="IArtifactWriter"/>: streams stamps to <c>filtered.npy</c> and rows to
/// <c>info_df.csv</c> in a scratch folder as hits arrive, so memory stays bounded. Safe to call from several
/// threads (a lock keeps row i and stamp i together). Nothing is published from here: the run publishes
/// the finished files after the algorithm returns.
/// </summary>
internal sealed class ScratchArtifactWriter : IArtifactWriter, IDisposable
{
    public const string StampsFile = "filtered.npy";
    public const string TableFile = "info_df.csv";

    private readonly string _folder;
    private readonly Lock _lock = new();
    private readonly List<KeyValuePair<string, object>> _summary = [];
    private ArtifactSchema? _schema;
    private NpyWriter? _stamps;
    private StreamWriter? _table;
    private long _hits;

    public ScratchArtifactWriter(string folder) => _folder = folder;

    public string StampsPath => Path.Combine(_folder, StampsFile);
    public string TablePath => Path.Combine(_folder, TableFile);

    public long HitCount { get { lock (_lock) return _hits; } }

    /// <summary>Summary entries in the order first set (a later set of the same key replaces the value).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Summary { get { lock (_lock) return [.. _summary]; } }

    public void Begin(ArtifactSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        lock (_lock)
        {
            if (_schema is not null) throw new InvalidOperationException("IArtifactWriter.Begin was called twice");
            if (schema.Columns.Count == 0) throw new ArgumentException("the artifact schema has no columns", nameof(schema));
            var duplicate = schema.Columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new ArgumentException($"column '{duplicate.Key}' is declared twice", nameof(schema));
            if (schema.Columns.Any(string.IsNullOrEmpty)) throw new ArgumentException("a column name is empty", nameof(schema));
            _stamps = new NpyWriter(new FileStream(StampsPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16), schema.StampShape);
            _table = new StreamWriter(new FileStream(TablePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)) { NewLine = "\n" };
            _table.WriteLine(string.Join(',', schema.Columns.Select(CsvFormat.Text)));
            _schema = schema;
        }
    }

    public void WriteHit(ReadOnlySpan<object> row, ReadOnlySpan<float> stamp)
    {
        lock (_lock)
        {
            if (_schema is null || _stamps is null || _table is null) throw new InvalidOperationException("IArtifactWriter.WriteHit before Begin");
            if (row.Length != _schema.Columns.Count)
                throw new ArgumentException($"hit {_hits}: row has {row.Length} values for {_schema.Columns.Count} columns ({string.Join(", ", _schema.Columns)})");
            if (stamp.Length != _schema.StampValues)
                throw new ArgumentException($"hit {_hits}: stamp has {stamp.Length} values; shape ({string.Join(", ", _schema.StampShape)}) needs {_schema.StampValues}");
            var cells = new string[row.Length];
            for (var i = 0; i < row.Length; i++) cells[i] = CsvFormat.Value(row[i]);
            _stamps.WriteItem(stamp);
            _table.WriteLine(string.Join(',', cells));
            _hits++;
        }
    }

    public void SetSummary(string key, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        CsvFormat.Value(value); // same value types as rows
        lock (_lock)
        {
            var index = _summary.FindIndex(e => e.Key == key);
            if (index >= 0) _summary[index] = new(key, value);
            else _summary.Add(new(key, value));
        }
    }

    /// <summary>Closes both files; throws when the algorithm never declared its schema.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_schema is null || _stamps is null || _table is null)
                throw new InvalidOperationException("the algorithm returned without calling Artifacts.Begin, so the artifacts have no columns or stamp shape");
            _stamps.Finish();
            _stamps.Dispose();
            _table.Flush();
            _table.Dispose();
        }
    }

    public void Dispose()
    {
        _stamps?.Dispose();
        _table?.Dispose();
    }
}
