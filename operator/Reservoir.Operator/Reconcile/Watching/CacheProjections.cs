using k8s.Models;
using Reservoir.Operator.Reconcile.Jobs;
using Reservoir.Operator.Reconcile.Notify;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// What the caches keep of each object (client-go's informer transform), so that memory grows by little per
/// tracked Search (issue 4: RSS at 10,000 Searches). Only what the reconciler reads stays: a Job becomes a
/// <see cref="CachedJob"/> record (its status read once into a <see cref="JobOutcome"/>); Searches lose their labels
/// and every annotation but published-at and notified. A status write sends the cached Search back, which is safe:
/// a <c>/status</c> write changes only the status (the server ignores the rest but name and resourceVersion).
/// Both lose managedFields, which a real API server adds to every object. Strings that
/// repeat across objects come from one <see cref="StringPool"/>, and a string equal to the object's name (jobName,
/// the search label, the owner's name) is that name's instance. One instance per controller; safe to call from
/// both watch loops.
/// </summary>
internal sealed class CacheProjections
{
    private static readonly HashSet<string> SearchAnnotationsRead = new(StringComparer.Ordinal) { SearchCrd.PublishedAtAnnotation, CompletionNotices.NotifiedAnnotation };
    private readonly StringPool _pool;

    public CacheProjections(StringPool? pool = null) => _pool = pool ?? new StringPool();

    public CachedJob Job(V1Job job)
    {
        var meta = job.Metadata;
        var name = meta.Name;
        var search = Meta.Value(meta.Labels, SearchCrd.SearchLabel);
        var owner = meta.OwnerReferences?.FirstOrDefault(o => o.Kind == SearchCrd.Kind)?.Uid;
        DateTimeOffset? created = meta.CreationTimestamp is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
        var outcome = JobOutcome.Of(job);
        if (outcome.FailureReason is not null) outcome = outcome with { FailureReason = _pool.Share(outcome.FailureReason) };
        return new CachedJob(_pool.Share(meta.NamespaceProperty) ?? "", name, meta.ResourceVersion, owner, SameAs(name, search) ?? search,
            _pool.Share(Meta.Value(meta.Labels, SearchCrd.AlgorithmLabel)), _pool.Share(Meta.Value(meta.Annotations, SearchCrd.ImageAnnotation)),
            created, outcome);
    }

    public SearchResource Search(SearchResource search)
    {
        search.ApiVersion = _pool.Share(search.ApiVersion)!;
        search.Kind = _pool.Share(search.Kind)!;
        var meta = Metadata(search.Metadata);
        meta.Labels = null;
        meta.Annotations = Only(meta.Annotations, SearchAnnotationsRead,
            (key, value) => key == CompletionNotices.NotifiedAnnotation ? _pool.Share(value)! : value);
        var spec = search.Spec;
        spec.Algorithm = _pool.Share(spec.Algorithm)!;
        spec.Output = _pool.Share(spec.Output)!;
        if (search.Status is { } status)
        {
            status.Phase = _pool.Share(status.Phase);
            status.Image = _pool.Share(status.Image);
            status.JobName = SameAs(meta.Name, status.JobName) ?? status.JobName;
            // Messages of unfinished Searches are a few fixed texts; final ones carry a unique failure reason.
            if (!SearchPhase.IsFinal(status.Phase)) status.Message = _pool.Share(status.Message);
        }
        return search;
    }

    private V1ObjectMeta Metadata(V1ObjectMeta meta)
    {
        meta.ManagedFields = null;
        meta.NamespaceProperty = _pool.Share(meta.NamespaceProperty);
        return meta;
    }

    /// <summary>The entries of <paramref name="map"/> whose keys are in <paramref name="keep"/> (null when none), keys pooled, values as <paramref name="value"/> gives them.</summary>
    private Dictionary<string, string>? Only(IDictionary<string, string>? map, HashSet<string> keep, Func<string, string, string> value)
    {
        if (map is null) return null;
        Dictionary<string, string>? kept = null;
        foreach (var (key, text) in map)
        {
            if (!keep.Contains(key)) continue;
            kept ??= new Dictionary<string, string>(keep.Count, StringComparer.Ordinal);
            kept[_pool.Share(key)!] = value(key, text);
        }
        return kept;
    }

    private static string? SameAs(string? name, string? value) => name is not null && name == value ? name : null;
}
