namespace Reservoir.FakeKubernetes.Api;

/// <summary>
/// What a request asks for, in the API server's own terms (the attributes RBAC authorizes on).
/// <see cref="Verb"/> is one of get, list, watch, create, update, patch, delete, deletecollection, or the
/// lower-case HTTP method for a non-resource path such as <c>/version</c>.
/// </summary>
public sealed record RequestInfo(
    string Verb,
    string Method,
    string Path,
    string Query,
    bool IsResourceRequest,
    string Group,
    string Version,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name)
{
    /// <summary>Parses a request line the way the real server's request-info resolver does.</summary>
    public static RequestInfo Parse(string method, string path, string query, bool watchQuery)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int index;
        if (segments.Length >= 2 && segments[0] == "api") { group = ""; version = segments[1]; index = 2; }
        else if (segments.Length >= 3 && segments[0] == "apis") { group = segments[1]; version = segments[2]; index = 3; }
        else return NonResource(method, path, query);

        var rest = segments[index..];
        var watchPath = rest.Length > 0 && rest[0] == "watch";
        if (watchPath) rest = rest[1..];
        if (rest.Length == 0) return NonResource(method, path, query);

        string? ns = null;
        var namespaceSubresource = group.Length == 0 && rest.Length == 3 && rest[0] == "namespaces" && rest[2] is "status" or "finalize";
        if (rest[0] == "namespaces" && rest.Length >= 3 && !namespaceSubresource)
        {
            ns = rest[1];
            rest = rest[2..];
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? string.Join('/', rest[2..]) : null;
        var verb = method.ToUpperInvariant() switch
        {
            "GET" when watchPath || watchQuery => "watch",
            "GET" => name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        return new RequestInfo(verb, method, path, query, true, group, version, resource, subresource, ns, name);
    }

    private static RequestInfo NonResource(string method, string path, string query) =>
        new(method.ToLowerInvariant(), method, path, query, false, "", "", "", null, null, null);
}
