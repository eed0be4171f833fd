using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Reservoir.Operator.Leadership;

/// <summary>Reads and writes the Lease object; every write is guarded by resourceVersion, so a lost race is a 409.</summary>
internal sealed class LeaseRecord(IKubernetes kubernetes, LeaderElectionOptions options)
{
    /// <summary>The Lease, or null when it does not exist.</summary>
    public async Task<V1Lease?> ReadAsync(CancellationToken cancellationToken)
    {
        try { return await kubernetes.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.Namespace, cancellationToken: cancellationToken); }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Creates the Lease held by us; false when someone else created it first.</summary>
    public async Task<V1Lease?> CreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.Namespace },
            Spec = Held(new V1LeaseSpec { LeaseTransitions = 0 }, now, acquiring: true),
        };
        try { return await kubernetes.CoordinationV1.CreateNamespacedLeaseAsync(lease, options.Namespace, cancellationToken: cancellationToken); }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict) { return null; }
    }

    /// <summary>Writes <paramref name="lease"/> as held by us at <paramref name="now"/>; null when it changed meanwhile (409).</summary>
    public async Task<V1Lease?> HoldAsync(V1Lease lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var acquiring = lease.Spec?.HolderIdentity != options.Identity;
        lease.Spec = Held(lease.Spec ?? new V1LeaseSpec(), now, acquiring);
        return await ReplaceAsync(lease, cancellationToken);
    }

    /// <summary>Gives the Lease up (holder cleared) so another replica need not wait for it to expire.</summary>
    public async Task<V1Lease?> ReleaseAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        lease.Spec.HolderIdentity = null;
        lease.Spec.LeaseDurationSeconds = 1;
        return await ReplaceAsync(lease, cancellationToken);
    }

    private async Task<V1Lease?> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        try { return await kubernetes.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, options.Namespace, cancellationToken: cancellationToken); }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound) { return null; }
    }

    private V1LeaseSpec Held(V1LeaseSpec spec, DateTimeOffset now, bool acquiring)
    {
        if (acquiring)
        {
            if (!string.IsNullOrEmpty(spec.HolderIdentity)) spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
            spec.AcquireTime = now.UtcDateTime;
        }
        spec.HolderIdentity = options.Identity;
        spec.LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds;
        spec.RenewTime = now.UtcDateTime;
        return spec;
    }
}
