using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Reservoir.FakeKubernetes.Kubelet;

/// <summary>
/// The Job controller and kubelet of a one-node cluster, through the API only: it lists and watches the Jobs of
/// one namespace and runs each unfinished one (<see cref="JobRun"/>); a Job's deletion kills its process and
/// deletes its pod. The watch loop resumes from the last resourceVersion, re-lists on 410 Gone and reconnects
/// after errors, so it keeps working through the fake server's faults and dropped watches.
/// </summary>
public sealed class FakeKubelet : IAsyncDisposable
{
    private readonly Kubernetes _client;
    private readonly FakeKubeletOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Deleted, Task Run)> _runs = new();
    private readonly string _stateDirectory;
    private readonly Task _loop;
    private readonly ConcurrentQueue<Exception> _errors = new();

    private FakeKubelet(Kubernetes client, FakeKubeletOptions options)
    {
        _client = client;
        _options = options;
        _slots = new SemaphoreSlim(options.MaxParallelPods);
        _stateDirectory = Directory.CreateTempSubdirectory("reservoir-fake-kubelet-").FullName;
        _loop = Task.Run(() => WatchLoop(_stop.Token));
    }

    /// <summary>Starts running the namespace's Jobs; options are validated here.</summary>
    public static FakeKubelet Start(Kubernetes client, FakeKubeletOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new FakeKubelet(client, options);
    }

    /// <summary>The folder holding each pod's termination-message file and container.log (deleted on dispose).</summary>
    public string StateDirectory => _stateDirectory;

    private async Task WatchLoop(CancellationToken ct)
    {
        string? resourceVersion = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await _client.BatchV1.ListNamespacedJobAsync(_options.Namespace, cancellationToken: ct);
                    var present = list.Items.Select(j => j.Metadata.Uid).ToHashSet();
                    foreach (var gone in _runs.Keys.Where(uid => !present.Contains(uid))) Forget(gone);
                    foreach (var job in list.Items) Track(job);
                    resourceVersion = list.Metadata.ResourceVersion;
                }
                // KubernetesClient hands a watch ERROR event (410 Expired after compaction) to onError rather than
                // throwing, so note it and re-list once the stream ends.
                var expired = false;
                await foreach (var (type, job) in _client.BatchV1.WatchListNamespacedJobAsync(_options.Namespace,
                    allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: 300,
                    onError: e => expired |= e is KubernetesException { Status.Code: 410 }, cancellationToken: ct))
                {
                    if (expired) break;
                    resourceVersion = job.Metadata.ResourceVersion ?? resourceVersion;
                    if (type is WatchEventType.Added or WatchEventType.Modified) Track(job);
                    else if (type == WatchEventType.Deleted) Forget(job.Metadata.Uid);
                }
                if (expired) resourceVersion = null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (KubernetesException e) when (e.Status?.Code == 410) { resourceVersion = null; }
            catch (HttpOperationException e) when ((int)e.Response.StatusCode == 410) { resourceVersion = null; }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // Faults, dropped connections: reconnect from where we were after a short pause.
                try { await Task.Delay(TimeSpan.FromMilliseconds(100 + Random.Shared.Next(100)), ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Track(V1Job job)
    {
        if (job.Metadata.DeletionTimestamp is not null) { Forget(job.Metadata.Uid); return; }
        if (job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true) return;
        if (job.Spec.Suspend == true || _runs.ContainsKey(job.Metadata.Uid)) return;
        var deleted = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var run = new JobRun(_client, job, _options, _slots, _stateDirectory, _stop.Token);
        if (!_runs.TryAdd(job.Metadata.Uid, (deleted, Task.CompletedTask))) { deleted.Dispose(); return; }
        _runs[job.Metadata.Uid] = (deleted, Task.Run(() => RunSafely(run, deleted.Token), CancellationToken.None));
    }

    private async Task RunSafely(JobRun run, CancellationToken ct)
    {
        try { await run.RunAsync(ct); }
        catch (OperationCanceledException) { /* stopped */ }
        catch (Exception e) { _errors.Enqueue(e); }
    }

    /// <summary>
    /// Failures of the kubelet itself (not of the pods it runs): a Job it could not drive, e.g. because the API
    /// answered an error it does not retry. Tests should expect this to stay empty.
    /// </summary>
    public IReadOnlyList<Exception> Errors => _errors.ToArray();

    /// <summary>Stops a deleted Job's run. Its entry stays (cancelled) so a late event cannot start it again.</summary>
    private void Forget(string uid)
    {
        if (_runs.TryGetValue(uid, out var run) && !run.Deleted.IsCancellationRequested) run.Deleted.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        await Task.WhenAll(_runs.Values.Select(r => r.Run));
        foreach (var run in _runs.Values) run.Deleted.Dispose();
        _stop.Dispose();
        try { Directory.Delete(_stateDirectory, recursive: true); }
        catch (IOException) { /* a process still holds a file; the temp folder is cleaned later */ }
    }
}
