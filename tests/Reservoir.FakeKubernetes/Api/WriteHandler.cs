using System.Text.Json.Nodes;
using Reservoir.FakeKubernetes.Patching;
using Reservoir.FakeKubernetes.Storage;

namespace Reservoir.FakeKubernetes.Api;

/// <summary>Create, replace (PUT), patch and delete, with the real server's concurrency and status-subresource rules.</summary>
internal sealed class WriteHandler(ObjectStore store, TimeProvider time, Action<ResourceType, JsonObject> created)
{
    public JsonObject Create(ResourceType type, RequestInfo request, JsonObject body)
    {
        if (request.Subresource is not null) throw ApiError.BadRequest($"creating the subresource {request.Subresource} is not supported by the fake");
        ObjectRules.Normalize(type, body, request.Namespace, urlName: null);
        var name = ObjectRules.PrepareCreate(type, body, time);
        var stored = store.Write(type, request.Namespace, name, current =>
            current is null ? body : throw ApiError.AlreadyExists(type, name));
        created(type, stored);
        return stored;
    }

    public JsonObject Update(ResourceType type, RequestInfo request, JsonObject body)
    {
        var name = request.Name!;
        ObjectRules.Normalize(type, body, request.Namespace, name);
        return Replace(type, request, name, _ => body);
    }

    /// <summary>
    /// Merge, strategic-merge (applied as a merge patch) and JSON patches. The patched object goes through the
    /// same rules as a PUT, so a patch carrying a stale metadata.resourceVersion gets 409 Conflict.
    /// </summary>
    public JsonObject Patch(ResourceType type, RequestInfo request, string contentType, JsonNode patch)
    {
        var name = request.Name!;
        return Replace(type, request, name, current =>
        {
            JsonNode? result = contentType switch
            {
                var c when c.StartsWith("application/json-patch+json", StringComparison.OrdinalIgnoreCase) =>
                    JsonPatch.Apply(current, patch as JsonArray ?? throw ApiError.BadRequest("a JSON patch must be an array of operations")),
                var c when c.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase)
                        || c.StartsWith("application/strategic-merge-patch+json", StringComparison.OrdinalIgnoreCase) =>
                    MergePatch.Apply(current, patch),
                _ => throw new ApiError(415, "UnsupportedMediaType",
                    $"the patch content type \"{contentType}\" is not supported by the fake (use merge-patch, strategic-merge-patch or json-patch)"),
            };
            var obj = result as JsonObject ?? throw ApiError.BadRequest("the patched object is not a JSON object");
            ObjectRules.Normalize(type, obj, request.Namespace, name);
            return obj;
        });
    }

    private JsonObject Replace(ResourceType type, RequestInfo request, string name, Func<JsonObject, JsonObject> produce)
    {
        var statusWrite = request.Subresource == "status";
        if (request.Subresource is not null && !statusWrite)
            throw new ApiError(404, "NotFound", $"the fake does not serve the subresource \"{request.Subresource}\" of {type.QualifiedName}");
        if (statusWrite && !type.StatusSubresource)
            throw new ApiError(404, "NotFound", $"{type.QualifiedName} has no status subresource");
        var stored = store.Write(type, request.Namespace, name, current =>
        {
            if (current is null) throw ApiError.NotFound(type, name);
            var next = produce(current.DeepClone().AsObject());
            var wanted = next["metadata"]?["resourceVersion"]?.GetValue<string>();
            var have = current["metadata"]!["resourceVersion"]!.GetValue<string>();
            if (!string.IsNullOrEmpty(wanted) && wanted != have) throw ApiError.Conflict(type, name);
            if (!statusWrite) ImmutableFields.Check(type, current, next, name);
            return ObjectRules.PrepareUpdate(type, current, next, statusWrite);
        });
        if (stored["metadata"]!["deletionTimestamp"] is not null && !HasFinalizers(stored))
            return store.Delete(type, request.Namespace, name) ?? stored;
        return stored;
    }

    /// <summary>
    /// Deletes one object. With finalizers it is only marked (deletionTimestamp) and goes when the last finalizer
    /// is removed. Dependents (ownerReferences to its uid) are deleted too, recursively, for the Background and
    /// Foreground policies (both at once, the fake has no deletion delay); Orphan strips their owner references.
    /// With no policy given, batch/v1 Jobs orphan their pods, as the real server's Job default still does
    /// (kubectl asks for Background explicitly); everything else defaults to Background.
    /// </summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, JsonObject? options, string? policyQuery)
    {
        var current = store.Get(type, ns, name) ?? throw ApiError.NotFound(type, name);
        if (options?["preconditions"] is JsonObject preconditions)
        {
            if (preconditions["uid"]?.GetValue<string>() is { } uid && uid != current["metadata"]!["uid"]!.GetValue<string>())
                throw ApiError.Conflict(type, name);
            if (preconditions["resourceVersion"]?.GetValue<string>() is { } rv && rv != current["metadata"]!["resourceVersion"]!.GetValue<string>())
                throw ApiError.Conflict(type, name);
        }
        if (HasFinalizers(current))
        {
            return store.Write(type, ns, name, now =>
            {
                if (now is null) throw ApiError.NotFound(type, name);
                now["metadata"]!["deletionTimestamp"] ??= ObjectRules.Now(time);
                now["metadata"]!["deletionGracePeriodSeconds"] ??= 0;
                return now;
            });
        }
        var deleted = store.Delete(type, ns, name) ?? throw ApiError.NotFound(type, name);
        var policy = options?["propagationPolicy"]?.GetValue<string>() ?? policyQuery
            ?? (type is { Group: "batch", Plural: "jobs" } ? "Orphan" : "Background");
        if (options?["orphanDependents"]?.GetValue<bool>() == true) policy = "Orphan";
        CollectDependents(deleted["metadata"]!["uid"]!.GetValue<string>(), policy);
        return deleted;
    }

    private void CollectDependents(string ownerUid, string policy)
    {
        foreach (var (type, dependent) in store.Dependents(ownerUid))
        {
            var ns = ObjectStore.Namespace(dependent);
            var name = dependent["metadata"]!["name"]!.GetValue<string>();
            if (policy == "Orphan")
            {
                try
                {
                    store.Write(type, ns, name, now =>
                    {
                        if (now is null) throw ApiError.NotFound(type, name);
                        var refs = now["metadata"]!["ownerReferences"] as JsonArray;
                        var kept = refs?.Where(r => r?["uid"]?.GetValue<string>() != ownerUid).Select(r => r!.DeepClone()).ToArray() ?? [];
                        if (kept.Length == 0) now["metadata"]!.AsObject().Remove("ownerReferences");
                        else now["metadata"]!["ownerReferences"] = new JsonArray(kept);
                        return now;
                    });
                }
                catch (ApiError) { /* gone meanwhile */ }
                continue;
            }
            try { Delete(type, ns, name, options: null, policyQuery: "Background"); }
            catch (ApiError e) when (e.Code == 404) { /* gone meanwhile */ }
        }
    }

    private static bool HasFinalizers(JsonObject obj) => obj["metadata"]?["finalizers"] is JsonArray { Count: > 0 };
}
