using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Reservoir.Operator.Launch;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile.Jobs;

/// <summary>
/// Creates a Search's Job, or adopts the one already there. A Job of the Search's name owned by a different uid
/// belongs to an earlier Search of the same name (deleted and re-created) and is deleted; the caller requeues.
/// Jobs created here are remembered until the Job watch delivers them, so a lagging cache never causes a second create.
/// </summary>
internal sealed class JobLauncher
{
    private readonly IKubernetes _kubernetes;
    private readonly IJobFactory _factory;
    private readonly Func<V1Job, CachedJob> _project;
    private readonly ConcurrentDictionary<string, CachedJob> _created = new(StringComparer.Ordinal);

    /// <param name="project">Turns a created or read Job into the record the caches hold.</param>
    public JobLauncher(IKubernetes kubernetes, IJobFactory factory, Func<V1Job, CachedJob> project)
    {
        _kubernetes = kubernetes;
        _factory = factory;
        _project = project;
    }

    /// <summary>A Job created here and not yet seen by the watch, or null.</summary>
    public CachedJob? Recent(string key) => _created.GetValueOrDefault(key);

    /// <summary>The watch has the Job now (or it is gone): stop remembering it.</summary>
    public void Seen(string key) => _created.TryRemove(key, out _);

    public static bool IsOwnedBy(CachedJob job, SearchResource search) =>
        job.OwnerSearchUid is not null && job.OwnerSearchUid == search.Metadata.Uid;

    /// <summary>Creates the Job; <c>Created</c> false when an existing Job of this Search was adopted;
    /// Job null when a stale Job (another owner) was found and deleted.</summary>
    public async Task<(CachedJob? Job, bool Created)> LaunchAsync(string key, SearchResource search, AlgorithmEntry algorithm, CancellationToken cancellationToken)
    {
        var ns = search.Metadata.NamespaceProperty;
        var job = _factory.Create(search, algorithm);
        try
        {
            var created = _project(await _kubernetes.BatchV1.CreateNamespacedJobAsync(job, ns, cancellationToken: cancellationToken).ConfigureAwait(false));
            _created[key] = created;
            return (created, true);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var read = await ReadAsync(ns, job.Metadata.Name, cancellationToken).ConfigureAwait(false);
            if (read is null) return (null, false); // deleted meanwhile: try again on requeue
            var existing = _project(read);
            if (IsOwnedBy(existing, search)) return (existing, false);
            await DeleteStaleAsync(existing, cancellationToken).ConfigureAwait(false);
            return (null, false);
        }
    }

    /// <summary>Deletes a Job left by an earlier Search of the same name (its pods go with it).</summary>
    public async Task DeleteStaleAsync(CachedJob job, CancellationToken cancellationToken)
    {
        try
        {
            await _kubernetes.BatchV1.DeleteNamespacedJobAsync(job.Name, job.Namespace,
                propagationPolicy: "Background", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task<V1Job?> ReadAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try { return await _kubernetes.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false); }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound) { return null; }
    }
}
