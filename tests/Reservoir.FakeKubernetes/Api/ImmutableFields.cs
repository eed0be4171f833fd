using System.Text.Json.Nodes;

namespace Reservoir.FakeKubernetes.Api;

/// <summary>
/// The fields the real server refuses to change after create (422 Invalid, "field is immutable"): a Job's
/// spec.selector and spec.template, and a Pod's spec apart from container images, activeDeadlineSeconds and
/// tolerations. Code that tries to roll a running Job onto a new image must fail here as it would in a cluster.
/// </summary>
internal static class ImmutableFields
{
    public static void Check(ResourceType type, JsonObject current, JsonObject next, string name)
    {
        if (type is { Group: "batch", Plural: "jobs" })
        {
            ObjectRules.DefaultPodSpec(next["spec"]?["template"]?["spec"] as JsonObject);
            foreach (var field in new[] { "selector", "template" })
            {
                if (!JsonNode.DeepEquals(current["spec"]?[field], next["spec"]?[field]))
                    throw ApiError.Invalid(type, name, $"spec.{field}: Invalid value: field is immutable");
            }
        }
        else if (type is { Group: "", Plural: "pods" })
        {
            ObjectRules.DefaultPodSpec(next["spec"] as JsonObject);
            if (!JsonNode.DeepEquals(Mutable(current["spec"]), Mutable(next["spec"])))
                throw ApiError.Invalid(type, name,
                    "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations)");
        }
    }

    private static JsonNode? Mutable(JsonNode? spec)
    {
        if (spec is not JsonObject o) return spec;
        var copy = o.DeepClone().AsObject();
        copy.Remove("activeDeadlineSeconds");
        copy.Remove("tolerations");
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (copy[list] is JsonArray containers)
                foreach (var container in containers.OfType<JsonObject>()) container.Remove("image");
        }
        return copy;
    }
}
