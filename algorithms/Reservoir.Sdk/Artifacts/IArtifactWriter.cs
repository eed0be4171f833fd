namespace Reservoir.Sdk.Artifacts;

/// <summary>
/// Streams an algorithm's hits to the result artifacts: row i of <c>info_df.csv</c> and stamp i of
/// <c>filtered.npy</c> belong to the same hit. Hits go to scratch files as they arrive (memory stays
/// bounded); the runner publishes <c>filtered.npy</c>, <c>info_df.csv</c>, <c>header.json</c> and finally
/// <c>manifest.json</c> only after the algorithm returns successfully.
/// </summary>
public interface IArtifactWriter
{
    /// <summary>
    /// Declares the table columns and the stamp shape. Call exactly once, before the first hit; a run
    /// that finds nothing still calls it so that empty artifacts with the right columns and shape are written.
    /// </summary>
    void Begin(ArtifactSchema schema);

    /// <summary>
    /// Appends one hit. <paramref name="row"/> holds one value per column (long, int, double, float, string
    /// or bool); <paramref name="stamp"/> holds exactly <see cref="ArtifactSchema.StampValues"/> float32 values,
    /// C order.
    /// </summary>
    void WriteHit(ReadOnlySpan<object> row, ReadOnlySpan<float> stamp);

    /// <summary>Hits written so far.</summary>
    long HitCount { get; }

    /// <summary>Adds a key to the manifest's <c>summary</c> object (e.g. windows tested). Values as for rows.</summary>
    void SetSummary(string key, object value);
}

/// <summary>Columns of <c>info_df.csv</c> and the shape of one stamp in <c>filtered.npy</c>.</summary>
public sealed record ArtifactSchema(IReadOnlyList<string> Columns, IReadOnlyList<int> StampShape)
{
    public long StampValues => StampShape.Aggregate(1L, (a, b) => a * b);
}
