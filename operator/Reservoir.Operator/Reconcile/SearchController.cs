using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Reservoir.Operator.Launch;
using Reservoir.Operator.Reconcile.Jobs;
using Reservoir.Operator.Reconcile.Notify;
using Reservoir.Operator.Reconcile.Queue;
using Reservoir.Operator.Reconcile.Status;
using Reservoir.Operator.Reconcile.Watching;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Reservoir.Storage.Locations;

namespace Reservoir.Operator.Reconcile;

/// <summary>
/// The Search controller: watches Searches and their Jobs (label <see cref="SearchCrd.SearchLabel"/>) into
/// caches, queues a Search on every change to it or its Job and on every resync, and runs
/// <see cref="SearchControllerOptions.Workers"/> reconcile workers. Run it only while this replica leads; a new
/// leadership term needs a new controller (caches and queue belong to one run).
/// </summary>
public sealed class SearchController
{
    private readonly SearchControllerOptions _options;
    private readonly IReconcileObserver? _observer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResourceWatcher<SearchResource, SearchResource> _searchWatcher;
    private readonly ResourceWatcher<V1Job, CachedJob> _jobWatcher;
    private readonly WorkQueue _queue;
    private readonly RunningJobs _running = new();
    private readonly JobLauncher _launcher;
    private readonly PhaseCounter _phases = new();
    private readonly SearchReconciler _reconciler;
    private long _lastProgressTicks;

    public SearchController(IKubernetes kubernetes, SearchControllerOptions options, IAlgorithmRegistry registry,
        IJobFactory jobs, ISearchNotifier? notifier, IReconcileObserver? observer, ILogger logger,
        TimeProvider? time = null, ObjectStoreResolver? stores = null)
    {
        options.Validate();
        _options = options;
        _observer = observer;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        var random = new Random();
        var projections = new CacheProjections();
        var settings = new WatcherSettings(options.ListPageSize, options.WatchTimeout, options.WatchReconnectBase, options.WatchReconnectMax,
            () => { lock (random) return random.NextDouble(); });
        _searchWatcher = new ResourceWatcher<SearchResource, SearchResource>(kubernetes,
            new WatchTarget(SearchCrd.Group, SearchCrd.Version, SearchCrd.Plural, options.Namespace), settings, _time, logger, OnSearchChange,
            projections.Search, search => search.Metadata.ResourceVersion);
        _jobWatcher = new ResourceWatcher<V1Job, CachedJob>(kubernetes,
            new WatchTarget("batch", "v1", "jobs", options.Namespace, SearchCrd.SearchLabel), settings, _time, logger, OnJobChange,
            projections.Job, job => job.ResourceVersion);
        _queue = new WorkQueue(_time, new KeyBackoff(options.FailureBackoffBase, options.FailureBackoffMax));
        _launcher = new JobLauncher(kubernetes, jobs, projections.Job);
        _reconciler = new SearchReconciler(new ReconcilerParts(
            _searchWatcher.Cache, _jobWatcher.Cache, kubernetes, registry, _launcher, _running,
            new ResultManifests(stores ?? ObjectStoreResolver.CreateDefault()), new SearchEvents(kubernetes, _time, logger),
            new CompletionNotices(kubernetes, notifier), observer, options, _time, logger));
        Touch();
    }

    /// <summary>True once the initial lists of both Searches and Jobs are in the caches.</summary>
    public bool CachesSynced => _searchWatcher.Synced && _jobWatcher.Synced;

    /// <summary>The last time a watch heard from the server or a worker finished a pass (a liveness heartbeat).</summary>
    public DateTimeOffset LastProgress => new(Interlocked.Read(ref _lastProgressTicks), TimeSpan.Zero);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then returns (it does not throw for that).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        var tasks = new List<Task> { _jobWatcher.RunAsync(token), _searchWatcher.RunAsync(token), ResyncAsync(token) };
        try
        {
            while (!CachesSynced) await Task.Delay(TimeSpan.FromMilliseconds(20), _time, token).ConfigureAwait(false);
            _logger.LogInformation("Search controller caches synced: {Searches} Searches, {Jobs} Jobs", _searchWatcher.Cache.Count, _jobWatcher.Cache.Count);
            foreach (var key in _searchWatcher.Cache.Keys()) _queue.Add(key);
            for (var i = 0; i < _options.Workers; i++) tasks.Add(WorkAsync(token));
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await Task.WhenAll(tasks).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            _queue.Dispose();
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string key;
            try { key = await _queue.TakeAsync(cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            try
            {
                var result = await ReconcileOnceAsync(key, cancellationToken).ConfigureAwait(false);
                switch (result.Outcome)
                {
                    case ReconcileOutcome.Done:
                        _queue.Forget(key);
                        break;
                    case ReconcileOutcome.Requeue:
                        _queue.Forget(key);
                        _queue.AddAfter(key, result.Delay);
                        break;
                    default:
                        var delay = _queue.AddRateLimited(key);
                        _observer?.ReconcileError(result.Reason?.Split(':')[0] ?? "error");
                        _logger.LogWarning("Reconcile of Search {Key} failed ({Reason}); retrying in {Delay}", key, result.Reason, delay);
                        break;
                }
            }
            finally
            {
                _queue.Done(key);
                Touch();
            }
        }
    }

    private async Task<ReconcileResult> ReconcileOnceAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ReconcileResult.Done;
        }
        catch (Exception e)
        {
            var kind = KubernetesErrors.StatusOf(e) is { } status ? $"api {(int)status}" : e.GetType().Name;
            _logger.LogDebug(e, "Reconcile of Search {Key} threw", key);
            return ReconcileResult.Failure($"{(KubernetesErrors.StatusOf(e) is null ? "exception" : "api")}: {kind}: {e.Message}");
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                foreach (var key in _searchWatcher.Cache.Keys()) _queue.Add(key);
        }
        catch (OperationCanceledException) { }
    }

    private void OnSearchChange(WatchChange<SearchResource> change)
    {
        Touch();
        if (_phases.Apply(change.Previous?.Status?.Phase, change.Previous is not null, change.Current?.Status?.Phase, change.Current is not null))
            _observer?.PhaseCounts(_phases.Snapshot());
        if (change.Current is not null) _queue.Add(change.Key);
    }

    private void OnJobChange(WatchChange<CachedJob> change)
    {
        Touch();
        var job = change.Current ?? change.Previous!;
        var key = change.Key;
        _launcher.Seen(key);
        var algorithm = job.Algorithm ?? "";
        var freed = change.Current is null
            ? _running.Release(algorithm, key)
            : _running.Observe(algorithm, key, !job.Outcome.IsFinished);
        foreach (var waiting in freed) _queue.Add(waiting);
        if (job.Search is { Length: > 0 } search)
            _queue.Add(ResourceCache<SearchResource>.KeyOf(job.Namespace, search));
    }

    private void Touch() => Interlocked.Exchange(ref _lastProgressTicks, _time.GetUtcNow().UtcTicks);
}
