namespace Reservoir.FakeKubernetes.Api;

/// <summary>One kind of object the fake serves: where it lives in the URL space and how it behaves.</summary>
/// <param name="Group">API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="StatusSubresource">
/// When true, <c>/status</c> writes change only <c>.status</c>, main-resource writes leave <c>.status</c>
/// alone, and <c>.status</c> is dropped on create (as the real server does for Jobs, Pods and CRDs with the
/// status subresource).
/// </param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced, bool StatusSubresource)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The key used by the inspection helpers, e.g. <c>batch/v1/jobs</c> or <c>v1/pods</c>.</summary>
    public string Key => $"{ApiVersion}/{Plural}";

    /// <summary>The qualified name the real server uses in messages, e.g. <c>jobs.batch</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";
}
