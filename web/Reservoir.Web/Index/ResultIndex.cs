using System.Collections.Concurrent;
using System.Text;
using Reservoir.Web.Storage;

namespace Reservoir.Web.Index;

/// <summary>
/// Every complete result set under the root, from one listing of the store, kept in memory and rebuilt when
/// older than the refresh interval (the stale index keeps answering while a rebuild runs) or on demand.
/// Manifests are read only for the rows a page shows and cached by key, size and time, so a list of 10,000
/// result sets costs one listing, not 10,000 reads.
/// </summary>
internal sealed class ResultIndex(ResultsRoot root, TimeSpan refreshInterval, TimeProvider time)
{
    private const string ManifestName = "manifest.json";

    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private readonly ConcurrentDictionary<string, (long Size, DateTimeOffset Modified, Task<ManifestSummary> Summary)> _manifests = new(StringComparer.Ordinal);
    private volatile Snapshot? _current;

    private sealed record Snapshot(IReadOnlyList<ResultEntry> Entries, DateTimeOffset BuiltAt);

    /// <summary>The result sets in key order (observation, then algorithm).</summary>
    public async Task<IReadOnlyList<ResultEntry>> EntriesAsync(bool refresh, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is null || refresh) return (await RebuildAsync(current, cancellationToken)).Entries;
        if (time.GetUtcNow() - current.BuiltAt >= refreshInterval)
            _ = Task.Run(() => RebuildAsync(current, CancellationToken.None), CancellationToken.None);
        return current.Entries;
    }

    /// <summary>The manifest of <paramref name="entry"/>; throws (FormatException, IOException…) when unreadable.</summary>
    public Task<ManifestSummary> ManifestAsync(ResultEntry entry, CancellationToken cancellationToken)
    {
        var key = entry.Manifest.Key;
        var cached = _manifests.AddOrUpdate(key,
            _ => (entry.Manifest.Size, entry.Manifest.LastModified, ReadAsync(key)),
            (_, old) => old.Size == entry.Manifest.Size && old.Modified == entry.Manifest.LastModified && !old.Summary.IsFaulted
                ? old : (entry.Manifest.Size, entry.Manifest.LastModified, ReadAsync(key)));
        return cached.Summary.WaitAsync(cancellationToken);
    }

    private async Task<ManifestSummary> ReadAsync(string key)
    {
        await using var stream = await root.Store.OpenReadAsync(key);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ManifestSummary.Parse(await reader.ReadToEndAsync(), root.Store.UriOf(key));
    }

    private async Task<Snapshot> RebuildAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            // Someone else rebuilt while we waited: use theirs.
            if (_current is { } latest && !ReferenceEquals(latest, seen)) return latest;
            var started = time.GetUtcNow();
            var entries = new List<ResultEntry>();
            await foreach (var item in root.Store.ListAsync(root.ListPrefix, cancellationToken))
                if (root.Split(item.Key) is { File: ManifestName } parts)
                    entries.Add(new ResultEntry(parts.Observation, parts.Algorithm, item));
            var snapshot = new Snapshot(entries, started);
            _current = snapshot;
            return snapshot;
        }
        finally
        {
            _rebuild.Release();
        }
    }
}
