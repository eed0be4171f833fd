using k8s.Models;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// What the caches keep of each object (client-go's informer transform): only the fields the reconciler reads, so
/// memory grows by little per tracked Search. Jobs lose their spec (the reconciler reads metadata and status only;
/// a pod template is most of a Job); both lose managedFields, which a real API server adds to every object.
/// </summary>
internal static class CacheProjections
{
    public static V1Job Job(V1Job job)
    {
        job.Spec = null;
        job.Metadata.ManagedFields = null;
        return job;
    }

    public static SearchResource Search(SearchResource search)
    {
        search.Metadata.ManagedFields = null;
        return search;
    }
}
