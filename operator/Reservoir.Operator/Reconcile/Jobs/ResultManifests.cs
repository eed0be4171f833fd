using System.Text.Json;
using Reservoir.Operator.Resources;
using Reservoir.Storage;
using Reservoir.Storage.Locations;

namespace Reservoir.Operator.Reconcile.Jobs;

/// <summary>
/// Reads the result manifest a runner writes last, <c>{output}/{observation}/{algorithm}/manifest.json</c>,
/// from whichever store the output URI names (local folder or gs://).
/// </summary>
internal sealed class ResultManifests
{
    public const string ManifestName = "manifest.json";
    private readonly ObjectStoreResolver _stores;

    public ResultManifests(ObjectStoreResolver stores) => _stores = stores;

    /// <summary>The result set's URI (with a trailing slash), whether or not it exists.</summary>
    public static string ResultUriOf(SearchResourceSpec spec) =>
        ObjectLocation.ParsePrefix(spec.Output).Child($"{spec.Observation}/{spec.Algorithm}").ToString().TrimEnd('/') + "/";

    /// <summary>
    /// The manifest's hit count, or null when there is no manifest. A manifest without a readable <c>hits</c>
    /// number is an error naming the manifest (the runner always writes one).
    /// </summary>
    public async Task<long?> ReadHitsAsync(SearchResourceSpec spec, CancellationToken cancellationToken)
    {
        var location = ObjectLocation.ParsePrefix(spec.Output).Child($"{spec.Observation}/{spec.Algorithm}/{ManifestName}");
        var (store, key) = _stores.Open(location);
        Stream stream;
        try { stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false); }
        catch (ObjectNotFoundException) { return null; }
        await using (stream.ConfigureAwait(false))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("hits", out var hits) && hits.ValueKind == JsonValueKind.Number
                && hits.TryGetInt64(out var count))
                return count;
            throw new InvalidDataException($"{location}: manifest has no integer 'hits' field");
        }
    }
}
