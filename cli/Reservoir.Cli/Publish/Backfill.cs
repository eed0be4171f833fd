using System.Text.Json;
using Reservoir.Sdk.Observations;
using Reservoir.Storage;
using Reservoir.Storage.Locations;

namespace Reservoir.Cli.Publish;

/// <summary>
/// The requests of a backfill: every object under a prefix (a gs:// bucket prefix or a local folder) whose key
/// below the prefix matches a glob becomes one JSON request <c>{"observation": ID, "input": URI}</c>, the ID
/// derived from the object's name (<see cref="ObservationId.FromInput"/>). Listing pages through the whole
/// prefix (the store follows page tokens) and keeps only the names, so memory grows with the matches only.
/// </summary>
internal static class Backfill
{
    /// <summary>One object that matched: its URI and the request to publish for it.</summary>
    public sealed record Match(string InputUri, string Observation, string RequestJson);

    /// <summary>What a listing found: the matches in key order and how many objects were looked at.</summary>
    public sealed record Listing(IReadOnlyList<Match> Matches, int Listed);

    public static async Task<Listing> ListAsync(ObjectStoreResolver resolver, string from, ObjectGlob glob, CancellationToken cancellationToken)
    {
        var location = ObjectLocation.ParsePrefix(from);
        if (location.Scheme == ObjectLocation.FileScheme && !Directory.Exists(location.Container))
            throw new DirectoryNotFoundException($"--from {from}: no such folder");
        var (store, prefix) = resolver.Open(location);
        if (prefix.Length > 0 && !prefix.EndsWith('/')) prefix += "/"; // a folder, not every key starting with the same letters
        return await ListAsync(store, prefix, glob, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<Listing> ListAsync(IObjectStore store, string prefix, ObjectGlob glob, CancellationToken cancellationToken)
    {
        var matches = new List<Match>();
        var listed = 0;
        await foreach (var item in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            listed++;
            if (!glob.IsMatch(item.Key[prefix.Length..])) continue;
            var uri = store.UriOf(item.Key);
            var observation = ObservationId.FromInput(item.Key);
            matches.Add(new Match(uri, observation, RequestJson(observation, uri)));
        }
        return new Listing(matches, listed);
    }

    private static string RequestJson(string observation, string input)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("observation", observation);
            json.WriteString("input", input);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
