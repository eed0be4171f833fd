using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Reservoir.Operator.Reconcile.Jobs;
using Reservoir.Operator.Reconcile.Notify;
using Reservoir.Operator.Reconcile.Status;
using Reservoir.Operator.Reconcile.Watching;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile;

/// <summary>
/// One pass over one Search, from the caches: launch its Job (within the algorithm's concurrency cap), follow the
/// Job, and write the Search's status when it changed. Final phases are never left; a Search in one only gets its
/// completion notice sent if that has not happened yet. An exception means "retry with backoff".
/// </summary>
internal sealed class SearchReconciler
{
    private static readonly TimeSpan ConflictRetry = TimeSpan.FromMilliseconds(250);
    private readonly ResourceCache<SearchResource> _searches;
    private readonly ResourceCache<CachedJob> _jobs;
    private readonly IKubernetes _kubernetes;
    private readonly SearchClient _client;
    private readonly IAlgorithmRegistry _registry;
    private readonly JobLauncher _launcher;
    private readonly RunningJobs _running;
    private readonly ResultManifests _manifests;
    private readonly SearchEvents _events;
    private readonly CompletionNotices _notices;
    private readonly IReconcileObserver? _observer;
    private readonly SearchControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SearchReconciler(ReconcilerParts parts)
    {
        (_searches, _jobs, _kubernetes, _registry, _launcher, _running, _manifests, _events, _notices, _observer, _options, _time, _logger) = parts;
        _client = new SearchClient(_kubernetes);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var search = _searches.Get(key);
        if (search is null) return ReconcileResult.Done; // deleted; its Job goes with it (owner reference)
        var current = search.Status;
        if (SearchPhase.IsFinal(current?.Phase))
        {
            await _notices.EnsureAsync(search, current!, null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var job = _jobs.Get(key) ?? _launcher.Recent(key);
        if (job is not null && !JobLauncher.IsOwnedBy(job, search))
        {
            _logger.LogInformation("Job {Job} belongs to an earlier Search of that name; deleting it", key);
            await _launcher.DeleteStaleAsync(job, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(1));
        }
        var algorithm = _registry.Find(search.Spec.Algorithm);
        if (job is null)
        {
            if (algorithm is null)
            {
                var failed = Next(current);
                failed.Phase = SearchPhase.Failed;
                failed.Message = $"unknown algorithm '{search.Spec.Algorithm}': not in the algorithm registry";
                failed.FinishedAt = _time.GetUtcNow();
                return await FinishAsync(search, failed, "UnknownAlgorithm", cancellationToken).ConfigureAwait(false);
            }
            if (!_running.TryReserve(algorithm.Name, key, algorithm.ConcurrencyCap, out var running))
            {
                var held = Next(current);
                held.Phase = SearchPhase.Pending;
                held.Message = $"waiting: {running}/{algorithm.ConcurrencyCap} running";
                var written = await WriteAsync(search, held, cancellationToken).ConfigureAwait(false);
                if (written is null) return ReconcileResult.RequeueAfter(ConflictRetry);
                if (current?.Phase != SearchPhase.Pending)
                    await _events.RecordAsync(search, SearchEvents.Pending, held.Message, false, cancellationToken).ConfigureAwait(false);
                return ReconcileResult.RequeueAfter(_options.PendingRecheck);
            }
            job = await LaunchAsync(key, search, algorithm, cancellationToken).ConfigureAwait(false);
            if (job is null) return ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(1));
        }
        return await FollowAsync(search, job, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CachedJob?> LaunchAsync(string key, SearchResource search, AlgorithmEntry algorithm, CancellationToken cancellationToken)
    {
        (CachedJob? Job, bool Created) launched;
        try { launched = await _launcher.LaunchAsync(key, search, algorithm, cancellationToken).ConfigureAwait(false); }
        catch
        {
            _running.Release(algorithm.Name, key);
            throw;
        }
        if (launched.Job is null)
        {
            _running.Release(algorithm.Name, key);
            return null;
        }
        if (launched.Created)
        {
            _observer?.JobCreated(algorithm.Name, SincePublished(search));
            await _events.RecordAsync(search, SearchEvents.JobCreated, $"created Job {launched.Job.Name} with image {algorithm.Image}", false, cancellationToken).ConfigureAwait(false);
        }
        return launched.Job;
    }

    private async Task<ReconcileResult> FollowAsync(SearchResource search, CachedJob job, CancellationToken cancellationToken)
    {
        var outcome = job.Outcome;
        var next = Next(search.Status);
        next.JobName = job.Name;
        next.Image = job.Image ?? next.Image;
        next.Attempts = Math.Max(next.Attempts, outcome.Attempts);
        next.StartedAt ??= outcome.StartedAt ?? job.CreatedAt ?? _time.GetUtcNow();
        switch (outcome.State)
        {
            case JobState.Complete:
                var hits = await _manifests.ReadHitsAsync(search.Spec, cancellationToken).ConfigureAwait(false);
                next.FinishedAt = outcome.FinishedAt ?? _time.GetUtcNow();
                if (hits is null)
                {
                    next.Phase = SearchPhase.Failed;
                    next.Message = "job completed but wrote no manifest";
                    return await FinishAsync(search, next, "NoManifest", cancellationToken).ConfigureAwait(false);
                }
                next.Phase = SearchPhase.Succeeded;
                next.Hits = hits;
                next.ResultUri = ResultManifests.ResultUriOf(search.Spec);
                next.Message = null;
                return await FinishAsync(search, next, null, cancellationToken).ConfigureAwait(false);
            case JobState.Failed:
                var termination = await TerminationMessages.LastFailureAsync(_kubernetes, job.Namespace, job.Name, cancellationToken).ConfigureAwait(false);
                next.Phase = SearchPhase.Failed;
                next.Message = outcome.DescribeFailure(termination);
                next.FinishedAt = outcome.FinishedAt ?? _time.GetUtcNow();
                return await FinishAsync(search, next, outcome.FailureReason ?? "Failed", cancellationToken).ConfigureAwait(false);
            default:
                next.Phase = outcome.State == JobState.Running ? SearchPhase.Running : SearchPhase.Pending;
                next.Message = outcome.State == JobState.Running ? null : "job created, waiting for its pod";
                var written = await WriteAsync(search, next, cancellationToken).ConfigureAwait(false);
                return written is null ? ReconcileResult.RequeueAfter(ConflictRetry) : ReconcileResult.Done;
        }
    }

    private async Task<ReconcileResult> FinishAsync(SearchResource search, SearchResourceStatus final, string? reason, CancellationToken cancellationToken)
    {
        var written = await WriteAsync(search, final, cancellationToken).ConfigureAwait(false);
        if (written is null) return ReconcileResult.RequeueAfter(ConflictRetry);
        var failed = final.Phase == SearchPhase.Failed;
        var message = failed ? final.Message ?? "failed" : $"{final.Hits} hits in {final.ResultUri}";
        await _events.RecordAsync(written, failed ? SearchEvents.Failed : SearchEvents.Succeeded, message, failed, cancellationToken).ConfigureAwait(false);
        await _notices.EnsureAsync(written, final, reason, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <returns>The stored Search (the unchanged one when nothing changed); null after a 409 (requeue) or a 404.</returns>
    private async Task<SearchResource?> WriteAsync(SearchResource search, SearchResourceStatus status, CancellationToken cancellationToken)
    {
        status.ObservedGeneration = search.Metadata.Generation;
        if (StatusDiff.Same(search.Status, status)) return search;
        try
        {
            return await _client.ReplaceStatusAsync(search.Metadata.NamespaceProperty, StatusDiff.WithStatus(search, status), cancellationToken).ConfigureAwait(false);
        }
        catch (SearchConflictException)
        {
            return null;
        }
    }

    private static SearchResourceStatus Next(SearchResourceStatus? current) => StatusDiff.Copy(current);

    private TimeSpan? SincePublished(SearchResource search) =>
        Meta.Value(search.Metadata.Annotations, SearchCrd.PublishedAtAnnotation) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var published)
            ? _time.GetUtcNow() - published
            : null;
}

/// <summary>What a <see cref="SearchReconciler"/> works with (built by <see cref="SearchController"/>).</summary>
internal sealed record ReconcilerParts(
    ResourceCache<SearchResource> Searches, ResourceCache<CachedJob> Jobs, IKubernetes Kubernetes, IAlgorithmRegistry Registry,
    JobLauncher Launcher, RunningJobs Running, ResultManifests Manifests, SearchEvents Events, CompletionNotices Notices,
    IReconcileObserver? Observer, SearchControllerOptions Options, TimeProvider Time, ILogger Logger);
