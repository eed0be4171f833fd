using Reservoir.FakeKubernetes.Api;
using Reservoir.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Reservoir.Operator.Tests.Support;

/// <summary>One permission as RBAC grants it: API group, resource (with <c>/subresource</c>), verb.</summary>
internal sealed record Permission(string Group, string Resource, string Verb)
{
    public static Permission Of(RequestInfo request) =>
        new(request.Group, request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}", request.Verb);

    public override string ToString() => $"{(Group.Length == 0 ? "core" : Group)} {Resource} {Verb}";
}

/// <summary>
/// The rules of a namespaced RBAC Role (as in k8s/base/role.yaml, whose rules the Deploy tests prove equal to the
/// chart's), evaluated as the API server's RBAC authorizer does for resource requests: allowed when some rule lists
/// the request's API group, resource (or <c>resource/subresource</c>) and verb, and the request is in the Role's
/// namespace. Non-resource and cluster-wide requests are refused. No wildcards are used by our Role, so none are supported.
/// </summary>
internal sealed class RoleRules(IReadOnlySet<Permission> granted)
{
    public IReadOnlySet<Permission> Granted { get; } = granted;

    /// <summary>The Role in <c>k8s/base/role.yaml</c>.</summary>
    public static RoleRules FromKustomizeBase() => Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "k8s", "base", "role.yaml")));

    public static RoleRules Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var role = stream.Documents.Select(d => (YamlMappingNode)d.RootNode)
            .Single(d => d.Children.TryGetValue("kind", out var kind) && kind.ToString() == "Role");
        var granted = new HashSet<Permission>();
        foreach (var rule in ((YamlSequenceNode)role["rules"]).Cast<YamlMappingNode>())
        {
            foreach (var group in List(rule, "apiGroups"))
            foreach (var resource in List(rule, "resources"))
            foreach (var verb in List(rule, "verbs"))
            {
                if (group == "*" || resource == "*" || verb == "*") throw new InvalidOperationException("role.yaml: wildcards grant more than the operator uses");
                granted.Add(new Permission(group, resource, verb));
            }
        }
        return new RoleRules(granted);
    }

    public RoleRules Without(Permission permission) => new(Granted.Where(p => p != permission).ToHashSet());

    public bool Allows(RequestInfo request, string roleNamespace) =>
        request.IsResourceRequest && request.Namespace == roleNamespace && Granted.Contains(Permission.Of(request));

    private static IEnumerable<string> List(YamlMappingNode rule, string key) =>
        ((YamlSequenceNode)rule[key]).Children.Select(n => ((YamlScalarNode)n).Value ?? "");
}
