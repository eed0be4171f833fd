using System.Text;
using System.Text.Json;
using Reservoir.Formats.Npy;
using Reservoir.Web.Index;
using Reservoir.Web.Storage;

namespace Reservoir.Web.ResultSets;

/// <summary>
/// One result set as the result page shows it. Each artifact is read on its own: one that is missing or
/// corrupt becomes an entry in <see cref="Errors"/> (naming the object and the problem) and the rest still show.
/// </summary>
internal sealed class ResultSet
{
    public const string Stamps = "filtered.npy", Table = "info_df.csv", Header = "header.json", Manifest = "manifest.json";
    public static readonly IReadOnlyList<string> Artifacts = [Stamps, Table, Header, Manifest];

    public required string Observation { get; init; }
    public required string Algorithm { get; init; }
    public ManifestSummary? ManifestSummary { get; private set; }
    public IReadOnlyList<KeyValuePair<string, string>> HeaderEntries { get; private set; } = [];
    public CsvTable? Hits { get; private set; }

    /// <summary>Shape of filtered.npy (N, n_ints, window), or null when unreadable or absent.</summary>
    public IReadOnlyList<long>? StampShape { get; private set; }

    public List<string> Errors { get; } = [];

    public string? HeaderValue(string key) => HeaderEntries.FirstOrDefault(e => e.Key == key).Value;

    public double? HeaderNumber(string key) =>
        double.TryParse(HeaderValue(key), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Loads what exists; null when the result set has no manifest at all (an incomplete or unknown result).</summary>
    public static async Task<ResultSet?> LoadAsync(ResultsRoot root, string observation, string algorithm, CancellationToken cancellationToken)
    {
        var manifestKey = root.KeyOf(observation, algorithm, Manifest);
        if (await root.Store.StatAsync(manifestKey, cancellationToken) is null) return null;
        var set = new ResultSet { Observation = observation, Algorithm = algorithm };
        await set.TryAsync(root, Manifest, async text => set.ManifestSummary = ManifestSummary.Parse(await text(), root.Store.UriOf(manifestKey)), cancellationToken);
        await set.TryAsync(root, Header, async text => set.HeaderEntries = ParseHeader(await text(), root.UriOf(observation, algorithm, Header)), cancellationToken);
        await set.TryAsync(root, Table, async text => set.Hits = CsvTable.Parse(new StringReader(await text()), root.UriOf(observation, algorithm, Table)), cancellationToken);
        try
        {
            await using var stream = await root.Store.OpenReadAsync(root.KeyOf(observation, algorithm, Stamps), cancellationToken);
            using var npy = NpyReader.Open(stream, root.UriOf(observation, algorithm, Stamps));
            if (npy.Shape.Count != 3) set.Errors.Add($"{npy.Source}: expected shape (hits, n_ints, window), found ({string.Join(", ", npy.Shape)})");
            else set.StampShape = npy.Shape;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            set.Errors.Add($"{Stamps}: {e.Message}");
        }
        if (set.StampShape is { } shape && set.Hits is { } hits && shape[0] != hits.Rows.Count)
            set.Errors.Add($"{Stamps} holds {shape[0]} stamps but {Table} has {hits.Rows.Count} rows");
        return set;
    }

    private async Task TryAsync(ResultsRoot root, string file, Func<Func<Task<string>>, Task> parse, CancellationToken cancellationToken)
    {
        try
        {
            await parse(async () =>
            {
                await using var stream = await root.Store.OpenReadAsync(root.KeyOf(Observation, Algorithm, file), cancellationToken);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return await reader.ReadToEndAsync(cancellationToken);
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Errors.Add($"{file}: {e.Message}");
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ParseHeader(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException($"{source}: header is not a JSON object");
            return [.. document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, ManifestSummary.ScalarText(p.Value)))];
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: header is not valid JSON ({e.Message})", e);
        }
    }
}
