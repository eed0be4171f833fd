using System.Collections.Concurrent;
using Reservoir.FakeKubernetes.Api;

namespace Reservoir.Operator.Tests.Support;

/// <summary>
/// An authorizer for <see cref="Reservoir.FakeKubernetes.FakeApiServer.Authorizer"/> that holds the operator's requests
/// to <see cref="Role"/> (or, with none, allows everything) and records each permission the operator asked for and
/// whether it was refused. The fake kubelet's requests (<see cref="KubeletRequests"/>) pass: in a cluster the kubelet
/// and the Job controller act with their own rights.
/// </summary>
internal sealed class RoleEnforcement(RoleRules? role, string roleNamespace)
{
    private readonly ConcurrentDictionary<Permission, bool> _asked = new();
    private readonly ConcurrentQueue<RequestInfo> _refused = new();

    public RoleRules? Role { get; } = role;

    /// <summary>Every permission the operator used (asked for).</summary>
    public IReadOnlySet<Permission> Used => _asked.Keys.ToHashSet();

    /// <summary>The operator's requests that were answered 403 Forbidden.</summary>
    public IReadOnlyList<RequestInfo> Refused => _refused.ToArray();

    public bool Authorize(RequestInfo request)
    {
        if (KubeletRequests.IsKubelet(request.Query)) return true;
        var allowed = Role?.Allows(request, roleNamespace) ?? true;
        _asked[Permission.Of(request)] = allowed;
        if (!allowed) _refused.Enqueue(request);
        return allowed;
    }
}
