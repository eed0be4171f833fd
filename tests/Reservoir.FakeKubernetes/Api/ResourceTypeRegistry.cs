using System.Collections.Concurrent;

namespace Reservoir.FakeKubernetes.Api;

/// <summary>The resource types the fake serves: the built-ins it starts with plus registered custom resources.</summary>
internal sealed class ResourceTypeRegistry
{
    private readonly ConcurrentDictionary<(string Group, string Version, string Plural), ResourceType> _types = new();

    public ResourceTypeRegistry()
    {
        Add(new ResourceType("", "v1", "pods", "Pod", Namespaced: true, StatusSubresource: true));
        Add(new ResourceType("", "v1", "events", "Event", Namespaced: true, StatusSubresource: false));
        Add(new ResourceType("", "v1", "configmaps", "ConfigMap", Namespaced: true, StatusSubresource: false));
        Add(new ResourceType("", "v1", "secrets", "Secret", Namespaced: true, StatusSubresource: false));
        Add(new ResourceType("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true, StatusSubresource: false));
        Add(new ResourceType("", "v1", "namespaces", "Namespace", Namespaced: false, StatusSubresource: true));
        Add(new ResourceType("batch", "v1", "jobs", "Job", Namespaced: true, StatusSubresource: true));
        Add(new ResourceType("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true, StatusSubresource: false));
        Add(new ResourceType("events.k8s.io", "v1", "events", "Event", Namespaced: true, StatusSubresource: false));
        Add(new ResourceType("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
            Namespaced: false, StatusSubresource: true));
    }

    public void Add(ResourceType type) => _types[(type.Group, type.Version, type.Plural)] = type;

    public ResourceType? Find(string group, string version, string plural) =>
        _types.TryGetValue((group, version, plural), out var type) ? type : null;

    /// <summary>
    /// Resolves an inspection key: <c>group/version/plural</c>, <c>v1/plural</c> for the core group, or a bare
    /// plural when only one group serves it.
    /// </summary>
    public ResourceType Resolve(string key)
    {
        var parts = key.Split('/');
        ResourceType? found = parts.Length switch
        {
            3 => Find(parts[0], parts[1], parts[2]),
            2 => Find("", parts[0], parts[1]),
            1 => Single(parts[0]),
            _ => null,
        };
        return found ?? throw new ArgumentException(
            $"Unknown resource '{key}'; use group/version/plural (e.g. batch/v1/jobs) or v1/plural for the core group.", nameof(key));
    }

    private ResourceType? Single(string plural)
    {
        var matches = _types.Values.Where(t => t.Plural == plural).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
