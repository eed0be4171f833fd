using Reservoir.Storage;

namespace Reservoir.Web.Index;

/// <summary>One complete result set found by listing: it has a manifest object at <see cref="Manifest"/>.</summary>
internal sealed record ResultEntry(string Observation, string Algorithm, ObjectInfo Manifest)
{
    /// <summary>What the search box matches against (case-insensitive substring).</summary>
    public string SearchText { get; } = Observation + "/" + Algorithm;
}
