using System.Globalization;
using System.Text.Json;

namespace Reservoir.Runner.Manifest;

/// <summary>
/// <c>manifest.json</c>, the last object a run writes: its presence marks a complete result. Everything a
/// reader needs to trust and reproduce the result: what ran (algorithm, version, image, effective
/// parameters), on what (input URI and size), when, how many hits, and each file's size and SHA-256.
/// </summary>
public sealed record RunManifest
{
    public const string FileName = "manifest.json";

    public required string Observation { get; init; }
    public required string Algorithm { get; init; }
    public required string Version { get; init; }

    /// <summary>Container image that ran (env <c>RESERVOIR_IMAGE</c>), or "local".</summary>
    public required string Image { get; init; }

    public required string Input { get; init; }
    public required long InputBytes { get; init; }

    /// <summary>Effective parameters, defaults included, in declaration order (values: long, int, double, float, bool, string, enum).</summary>
    public required IReadOnlyList<KeyValuePair<string, object?>> Params { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required long Hits { get; init; }
    public required IReadOnlyList<KeyValuePair<string, object>> Summary { get; init; }
    public required IReadOnlyList<ManifestFile> Files { get; init; }

    /// <summary>Writes the manifest as indented JSON with a fixed key order.</summary>
    public void WriteTo(Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, JsonValues.Indented);
        json.WriteStartObject();
        json.WriteString("observation", Observation);
        json.WriteString("algorithm", Algorithm);
        json.WriteString("version", Version);
        json.WriteString("image", Image);
        json.WriteString("input", Input);
        json.WriteNumber("inputBytes", InputBytes);
        json.WriteStartObject("params");
        foreach (var (key, value) in Params) { json.WritePropertyName(key); JsonValues.Write(json, value); }
        json.WriteEndObject();
        json.WriteString("startedAt", Timestamp(StartedAt));
        json.WriteString("finishedAt", Timestamp(FinishedAt));
        json.WriteNumber("hits", Hits);
        json.WriteStartObject("summary");
        foreach (var (key, value) in Summary) { json.WritePropertyName(key); JsonValues.Write(json, value); }
        json.WriteEndObject();
        json.WriteStartObject("files");
        foreach (var file in Files)
        {
            json.WriteStartObject(file.Name);
            json.WriteNumber("bytes", file.Bytes);
            json.WriteString("sha256", file.Sha256);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Reads a manifest written by <see cref="WriteTo"/> (parameter and summary values come back as JSON scalars: long, double, bool or string).</summary>
    public static RunManifest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new RunManifest
        {
            Observation = root.GetProperty("observation").GetString()!,
            Algorithm = root.GetProperty("algorithm").GetString()!,
            Version = root.GetProperty("version").GetString()!,
            Image = root.GetProperty("image").GetString()!,
            Input = root.GetProperty("input").GetString()!,
            InputBytes = root.GetProperty("inputBytes").GetInt64(),
            Params = [.. root.GetProperty("params").EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, Scalar(p.Value)))],
            StartedAt = DateTimeOffset.Parse(root.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture),
            FinishedAt = DateTimeOffset.Parse(root.GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture),
            Hits = root.GetProperty("hits").GetInt64(),
            Summary = [.. root.GetProperty("summary").EnumerateObject().Select(p => new KeyValuePair<string, object>(p.Name, Scalar(p.Value) ?? ""))],
            Files = [.. root.GetProperty("files").EnumerateObject().Select(p => new ManifestFile(p.Name, p.Value.GetProperty("bytes").GetInt64(), p.Value.GetProperty("sha256").GetString()!))],
        };
    }

    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static object? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        _ => null,
    };
}

/// <summary>One published artifact: object name under the result folder, size, lower-case hex SHA-256.</summary>
public sealed record ManifestFile(string Name, long Bytes, string Sha256);
