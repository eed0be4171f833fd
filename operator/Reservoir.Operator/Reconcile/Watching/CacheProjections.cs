using k8s.Models;
using Reservoir.Operator.Reconcile.Notify;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// What the caches keep of each object (client-go's informer transform), so that memory grows by little per
/// tracked Search (issue 4: RSS at 10,000 Searches). Only what the reconciler reads stays: Jobs lose their spec
/// (a pod template is most of a Job), the labels and annotations it never reads and uncountedTerminatedPods;
/// Searches lose their labels and every annotation but published-at and notified. A status write sends the cached
/// Search back, which is safe: a <c>/status</c> write changes only the status (the server ignores the rest but
/// name and resourceVersion). Both lose managedFields, which a real API server adds to every object. Strings that
/// repeat across objects come from one <see cref="StringPool"/>, and a string equal to the object's name (jobName,
/// the search label, the owner's name) is that name's instance. One instance per controller; safe to call from
/// both watch loops.
/// </summary>
internal sealed class CacheProjections
{
    private static readonly HashSet<string> SearchAnnotationsRead = new(StringComparer.Ordinal) { SearchCrd.PublishedAtAnnotation, CompletionNotices.NotifiedAnnotation };
    private static readonly HashSet<string> JobLabelsRead = new(StringComparer.Ordinal) { SearchCrd.SearchLabel, SearchCrd.AlgorithmLabel };
    private static readonly HashSet<string> JobAnnotationsRead = new(StringComparer.Ordinal) { SearchCrd.ImageAnnotation };
    private readonly StringPool _pool;

    public CacheProjections(StringPool? pool = null) => _pool = pool ?? new StringPool();

    public V1Job Job(V1Job job)
    {
        job.Spec = null;
        job.ApiVersion = _pool.Share(job.ApiVersion);
        job.Kind = _pool.Share(job.Kind);
        var meta = Metadata(job.Metadata);
        var name = meta.Name;
        meta.Labels = Only(meta.Labels, JobLabelsRead, (key, value) => key == SearchCrd.SearchLabel ? SameAs(name, value) ?? value : _pool.Share(value)!);
        meta.Annotations = Only(meta.Annotations, JobAnnotationsRead, (_, value) => _pool.Share(value)!);
        foreach (var owner in meta.OwnerReferences ?? [])
        {
            owner.ApiVersion = _pool.Share(owner.ApiVersion);
            owner.Kind = _pool.Share(owner.Kind);
            owner.Name = SameAs(name, owner.Name) ?? owner.Name;
        }
        if (job.Status is { } status)
        {
            status.UncountedTerminatedPods = null;
            foreach (var condition in status.Conditions ?? [])
            {
                condition.Type = _pool.Share(condition.Type);
                condition.Status = _pool.Share(condition.Status);
                condition.Reason = _pool.Share(condition.Reason);
            }
        }
        return job;
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
