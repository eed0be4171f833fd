using k8s.Models;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// What the caches keep of each object (client-go's informer transform), so that memory grows by little per
/// tracked Search (issue 4: RSS at 10,000 Searches). Jobs lose their spec (the reconciler reads metadata and
/// status only; a pod template is most of a Job) and the labels and status parts it never reads; both lose
/// managedFields, which a real API server adds to every object. Strings that repeat across objects come from one
/// <see cref="StringPool"/>, and a string equal to the object's name (jobName, the search label, the owner's name)
/// is that name's instance. Searches keep every field they had: a status write sends the cached object back.
/// One instance per controller; safe to call from both watch loops.
/// </summary>
internal sealed class CacheProjections
{
    private static readonly HashSet<string> JobLabelsRead = new(StringComparer.Ordinal) { SearchCrd.SearchLabel, SearchCrd.AlgorithmLabel };
    private readonly StringPool _pool;

    public CacheProjections(StringPool? pool = null) => _pool = pool ?? new StringPool();

    public V1Job Job(V1Job job)
    {
        job.Spec = null;
        job.ApiVersion = _pool.Share(job.ApiVersion);
        job.Kind = _pool.Share(job.Kind);
        var meta = Metadata(job.Metadata);
        if (meta.Labels is { } labels)
        {
            meta.Labels = new Dictionary<string, string>(JobLabelsRead.Count, StringComparer.Ordinal);
            foreach (var key in JobLabelsRead)
                if (labels.TryGetValue(key, out var value)) meta.Labels[_pool.Share(key)!] = SameAs(meta.Name, value) ?? _pool.Share(value)!;
        }
        meta.Annotations = _pool.ShareMap(meta.Annotations, key => key == SearchCrd.ImageAnnotation);
        foreach (var owner in meta.OwnerReferences ?? [])
        {
            owner.ApiVersion = _pool.Share(owner.ApiVersion);
            owner.Kind = _pool.Share(owner.Kind);
            owner.Name = SameAs(meta.Name, owner.Name) ?? owner.Name;
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
        meta.Labels = _pool.ShareMap(meta.Labels, key => key == SearchCrd.AlgorithmLabel);
        meta.Annotations = _pool.ShareMap(meta.Annotations, key => key == Notify.CompletionNotices.NotifiedAnnotation);
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

    private static string? SameAs(string? name, string? value) => name is not null && name == value ? name : null;
}
