using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Reservoir.FakeKubernetes.Api;

/// <summary>
/// What the real server does to an object on its way in: identity and system metadata on create, the parts
/// a write may not change, generation bumps on spec changes, and the defaults the fake's users rely on
/// (Job backoffLimit/completions/selector, container terminationMessagePath).
/// </summary>
internal static partial class ObjectRules
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    public static string Now(TimeProvider time) => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");

    /// <summary>Checks kind/apiVersion/namespace against the URL and fills in what the body left out; returns the object's name.</summary>
    public static string Normalize(ResourceType type, JsonObject body, string? urlNamespace, string? urlName)
    {
        if (body["kind"]?.GetValue<string>() is { Length: > 0 } kind && kind != type.Kind)
            throw ApiError.BadRequest($"the body's kind \"{kind}\" does not match the resource {type.QualifiedName} ({type.Kind})");
        if (body["apiVersion"]?.GetValue<string>() is { Length: > 0 } apiVersion && apiVersion != type.ApiVersion)
            throw ApiError.BadRequest($"the body's apiVersion \"{apiVersion}\" does not match the URL's {type.ApiVersion}");
        body["kind"] = type.Kind;
        body["apiVersion"] = type.ApiVersion;
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        body["metadata"] = metadata;
        if (type.Namespaced)
        {
            var ns = metadata["namespace"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(ns) && urlNamespace is not null && ns != urlNamespace)
                throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            metadata["namespace"] = urlNamespace ?? ns ?? throw ApiError.BadRequest($"{type.QualifiedName} is namespaced: the URL must name a namespace");
        }
        else metadata.Remove("namespace");

        var name = metadata["name"]?.GetValue<string>() ?? "";
        if (urlName is not null && name.Length > 0 && name != urlName)
            throw ApiError.BadRequest($"the name of the object ({name}) does not match the name on the URL ({urlName})");
        return name.Length > 0 ? name : urlName ?? "";
    }

    /// <summary>Names, stamps and defaults a new object; throws 422 Invalid for a missing or malformed name.</summary>
    public static string PrepareCreate(ResourceType type, JsonObject obj, TimeProvider time)
    {
        var metadata = obj["metadata"]!.AsObject();
        var name = metadata["name"]?.GetValue<string>() ?? "";
        if (name.Length == 0 && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
        {
            name = prefix + new string(Enumerable.Range(0, 5).Select(_ => GenerateNameAlphabet[Random.Shared.Next(GenerateNameAlphabet.Length)]).ToArray());
            metadata["name"] = name;
        }
        if (name.Length == 0)
            throw ApiError.Invalid(type, "", "metadata.name: Required value: name or generateName is required");
        if (name.Length > 253 || !Dns1123Subdomain().IsMatch(name))
            throw ApiError.Invalid(type, name,
                $"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now(time);
        metadata["generation"] = 1;
        metadata.Remove("deletionTimestamp");
        metadata.Remove("resourceVersion");
        metadata.Remove("managedFields");
        if (type.StatusSubresource) obj.Remove("status");
        if (type is { Group: "", Plural: "pods" }) obj["status"] = new JsonObject { ["phase"] = "Pending" };
        if (type is { Group: "batch", Plural: "jobs" }) DefaultJob(obj);
        if (type is { Group: "", Plural: "pods" }) DefaultPodSpec(obj["spec"] as JsonObject);
        return name;
    }

    /// <summary>
    /// Carries over what a write may not change (uid, creation time, namespace, deletion mark; status on the
    /// main resource or everything but status on <c>/status</c>) and bumps generation when the spec changed.
    /// </summary>
    public static JsonObject PrepareUpdate(ResourceType type, JsonObject current, JsonObject next, bool statusWrite)
    {
        if (statusWrite)
        {
            var merged = current.DeepClone().AsObject();
            merged["status"] = next["status"]?.DeepClone();
            if (merged["status"] is null) merged.Remove("status");
            next = merged;
        }
        else if (type.StatusSubresource)
        {
            next["status"] = current["status"]?.DeepClone();
            if (next["status"] is null) next.Remove("status");
        }
        var metadata = next["metadata"] as JsonObject ?? new JsonObject();
        next["metadata"] = metadata;
        var old = current["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "creationTimestamp", "namespace", "deletionTimestamp", "name", "generation" })
        {
            if (old[field] is { } value) metadata[field] = value.DeepClone();
            else metadata.Remove(field);
        }
        if (!JsonNode.DeepEquals(Spec(type, current), Spec(type, next)))
            metadata["generation"] = (old["generation"] is { } g ? long.Parse(g.ToJsonString()) : 1) + 1;
        next["kind"] = type.Kind;
        next["apiVersion"] = type.ApiVersion;
        return next;
    }

    private static JsonObject Spec(ResourceType type, JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("metadata");
        if (type.StatusSubresource) copy.Remove("status");
        return copy;
    }

    private static void DefaultJob(JsonObject job)
    {
        var spec = job["spec"] as JsonObject ?? new JsonObject();
        job["spec"] = spec;
        spec["backoffLimit"] ??= 6;
        spec["completions"] ??= 1;
        spec["parallelism"] ??= 1;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        var uid = job["metadata"]!["uid"]!.GetValue<string>();
        var name = job["metadata"]!["name"]!.GetValue<string>();
        spec["selector"] ??= new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        var template = spec["template"] as JsonObject ?? new JsonObject();
        spec["template"] = template;
        var metadata = template["metadata"] as JsonObject ?? new JsonObject();
        template["metadata"] = metadata;
        var labels = metadata["labels"] as JsonObject ?? new JsonObject();
        metadata["labels"] = labels;
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = name;
        labels["job-name"] = name;
        DefaultPodSpec(template["spec"] as JsonObject);
    }

    /// <summary>The pod-spec defaults applied on every write, as the real server's decoding does.</summary>
    public static void DefaultPodSpec(JsonObject? podSpec)
    {
        if (podSpec is null) return;
        podSpec["restartPolicy"] ??= "Always";
        if (podSpec["containers"] is not JsonArray containers) return;
        foreach (var container in containers.OfType<JsonObject>())
        {
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
        }
    }
}
