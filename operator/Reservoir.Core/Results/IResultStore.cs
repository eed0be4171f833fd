using Reservoir.Core.Requests;

namespace Reservoir.Core.Results;

/// <summary>
/// Where results live: <c>{root}/{observation}/{algorithm}/</c> holding the artifacts and, written last,
/// <c>manifest.json</c>. A manifest means complete; anything without one is an interrupted attempt.
/// A local folder here (<see cref="LocalResultStore"/>); the bucket in the cluster.
/// </summary>
public interface IResultStore
{
    /// <summary>Location of a search's result set (folder path or URI), whether or not it exists yet.</summary>
    string Locate(SearchSpec spec);

    /// <summary>The completed result of this observation and algorithm, or null when there is no manifest.</summary>
    Task<CompletedResult?> FindCompletedAsync(SearchSpec spec, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes whatever an earlier attempt left (a partial set, or a complete one being forced to run again),
    /// manifest first, so that from this moment the result reads as incomplete until the new run finishes.
    /// </summary>
    Task ClearAsync(SearchSpec spec, CancellationToken cancellationToken = default);
}

/// <summary>A result set whose manifest exists. <paramref name="Hits"/> is the manifest's hit count.</summary>
public sealed record CompletedResult(string Location, long Hits);
