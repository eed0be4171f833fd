using System.Text.Json;
using k8s;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile.Status;

/// <summary>Status comparison and copying, so that an unchanged status is never written again.</summary>
internal static class StatusDiff
{
    public static bool Same(SearchResourceStatus? a, SearchResourceStatus? b) =>
        a is null ? b is null : b is not null && Serialize(a) == Serialize(b);

    /// <summary>A deep copy (the cache's objects are shared and must stay unmodified).</summary>
    public static SearchResourceStatus Copy(SearchResourceStatus? status) =>
        status is null ? new SearchResourceStatus() : KubernetesJson.Deserialize<SearchResourceStatus>(Serialize(status));

    /// <summary>A copy of <paramref name="search"/> carrying <paramref name="status"/>, for a status write.</summary>
    public static SearchResource WithStatus(SearchResource search, SearchResourceStatus status)
    {
        var copy = KubernetesJson.Deserialize<SearchResource>(KubernetesJson.Serialize(search));
        copy.Status = status;
        return copy;
    }

    private static string Serialize(SearchResourceStatus status) => KubernetesJson.Serialize(status);

    internal static JsonElement ToElement(SearchResourceStatus status) => JsonDocument.Parse(Serialize(status)).RootElement;
}
