using System.Text.Json;
using Reservoir.Core.Requests;

namespace Reservoir.Core.Results;

/// <summary>Results in a local folder, laid out as the bucket is.</summary>
public sealed class LocalResultStore : IResultStore
{
    public const string ManifestFileName = "manifest.json";

    public LocalResultStore(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    public string Locate(SearchSpec spec) => Path.Combine(Root, spec.Observation, spec.Algorithm);

    public Task<CompletedResult?> FindCompletedAsync(SearchSpec spec, CancellationToken cancellationToken = default)
    {
        var folder = Locate(spec);
        var manifest = Path.Combine(folder, ManifestFileName);
        return Task.FromResult(File.Exists(manifest) ? new CompletedResult(folder, ReadHits(manifest)) : null);
    }

    public Task ClearAsync(SearchSpec spec, CancellationToken cancellationToken = default)
    {
        var folder = Locate(spec);
        if (!Directory.Exists(folder)) return Task.CompletedTask;
        File.Delete(Path.Combine(folder, ManifestFileName));
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The manifest's top-level <c>hits</c> number; -1 when the manifest cannot be read (it exists, so the
    /// result still counts as complete — the runner writes it last and whole).
    /// </summary>
    public static long ReadHits(string manifestPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("hits", out var hits)
                   && hits.TryGetInt64(out var count)
                ? count
                : -1;
        }
        catch (Exception e) when (e is JsonException or IOException) { return -1; }
    }
}
