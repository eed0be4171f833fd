using System.Globalization;
using System.Text.Json;

namespace Reservoir.Web.Index;

/// <summary>
/// What the site shows from a <c>manifest.json</c> (written by the runner's RunManifest). Read leniently:
/// fields the page does not need may be missing, and a missing or mistyped needed field is an error naming it.
/// </summary>
internal sealed record ManifestSummary(
    string Observation, string Algorithm, string Version, string Image, string Input, long InputBytes,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long Hits,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Summary,
    IReadOnlyList<ManifestFileEntry> Files)
{
    public TimeSpan Duration => FinishedAt - StartedAt;

    /// <summary>Parses manifest text; throws <see cref="FormatException"/> naming <paramref name="source"/> and the bad field.</summary>
    public static ManifestSummary Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{source}: manifest is not a JSON object");
            return new ManifestSummary(
                Text(root, "observation", source), Text(root, "algorithm", source),
                Optional(root, "version"), Optional(root, "image"), Optional(root, "input"),
                root.TryGetProperty("inputBytes", out var bytes) && bytes.TryGetInt64(out var b) ? b : -1,
                Time(root, "startedAt", source), Time(root, "finishedAt", source),
                root.TryGetProperty("hits", out var hits) && hits.TryGetInt64(out var h) ? h : throw Missing(source, "hits"),
                Pairs(root, "params"), Pairs(root, "summary"),
                root.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Object
                    ? [.. files.EnumerateObject().Select(f => new ManifestFileEntry(f.Name,
                        f.Value.TryGetProperty("bytes", out var n) && n.TryGetInt64(out var v) ? v : -1,
                        f.Value.TryGetProperty("sha256", out var s) ? s.GetString() ?? "" : ""))]
                    : []);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: manifest is not valid JSON ({e.Message})", e);
        }
    }

    private static string Text(JsonElement root, string name, string source) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Missing(source, name);

    private static string Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static DateTimeOffset Time(JsonElement root, string name, string source) =>
        DateTimeOffset.TryParse(Text(root, name, source), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t : throw new FormatException($"{source}: manifest field '{name}' is not a timestamp");

    private static IReadOnlyList<KeyValuePair<string, string>> Pairs(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? [.. v.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, ScalarText(p.Value)))]
            : [];

    internal static string ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static FormatException Missing(string source, string name) =>
        new($"{source}: manifest has no valid '{name}' field");
}

/// <summary>One artifact the manifest lists: name, size, SHA-256.</summary>
internal sealed record ManifestFileEntry(string Name, long Bytes, string Sha256);
