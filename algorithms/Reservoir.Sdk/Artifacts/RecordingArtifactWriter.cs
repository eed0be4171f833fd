namespace Reservoir.Sdk.Artifacts;

/// <summary>
/// Keeps what an algorithm writes in memory, enforcing the <see cref="IArtifactWriter"/> contract (Begin once, then
/// rows that fit the schema): for testing a plugin without the runner, as <c>InMemoryObservation</c> is for its input.
/// </summary>
public sealed class RecordingArtifactWriter : IArtifactWriter
{
    public ArtifactSchema? Schema { get; private set; }
    public int BeginCalls { get; private set; }
    public List<object[]> Rows { get; } = [];
    public List<float[]> Stamps { get; } = [];
    public Dictionary<string, object> Summary { get; } = [];
    public long HitCount => Rows.Count;

    public void Begin(ArtifactSchema schema)
    {
        BeginCalls++;
        if (Schema is not null) throw new InvalidOperationException("Begin called twice");
        Schema = schema;
    }

    public void WriteHit(ReadOnlySpan<object> row, ReadOnlySpan<float> stamp)
    {
        if (Schema is null) throw new InvalidOperationException("WriteHit before Begin");
        if (row.Length != Schema.Columns.Count) throw new ArgumentException($"row has {row.Length} values for {Schema.Columns.Count} columns");
        if (stamp.Length != Schema.StampValues) throw new ArgumentException($"stamp has {stamp.Length} values, schema says {Schema.StampValues}");
        Rows.Add(row.ToArray());
        Stamps.Add(stamp.ToArray());
    }

    public void SetSummary(string key, object value) => Summary[key] = value;

    public T Cell<T>(int hit, string column) => (T)Rows[hit][Schema!.Columns.ToList().IndexOf(column)];
}
