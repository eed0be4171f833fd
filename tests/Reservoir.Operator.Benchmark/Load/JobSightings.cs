using System.Collections.Concurrent;
using System.Text.Json;
using k8s;

namespace Reservoir.Operator.Benchmark.Load;

/// <summary>
/// Watches the namespace's Jobs and notes, per observation, when this process first saw its Job (a watch event
/// arrives within milliseconds of the create, where creationTimestamp has 1 s resolution). The observation is
/// read from the runner's <c>--observation</c> argument, so no Search-name scheme is assumed.
/// </summary>
public sealed class JobSightings : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> _firstSeen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public JobSightings(IKubernetes kubernetes, string @namespace) => _loop = WatchAsync(kubernetes, @namespace, _stop.Token);

    public int Count => _firstSeen.Count;

    public long? FirstSeen(string observation) => _firstSeen.TryGetValue(observation, out var t) ? t : null;

    /// <summary>Waits until every observation in <paramref name="observations"/> has a Job; false on timeout.</summary>
    public async Task<bool> WaitForAllAsync(IReadOnlyCollection<string> observations, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var end = BenchClock.Now() + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (observations.Any(o => !_firstSeen.ContainsKey(o)))
        {
            if (BenchClock.Now() > end) return false;
            await Task.Delay(50, cancellationToken);
        }
        return true;
    }

    private async Task WatchAsync(IKubernetes kubernetes, string ns, CancellationToken cancellationToken)
    {
        string? version = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var events = kubernetes.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    "batch", "v1", ns, "jobs", resourceVersion: version, timeoutSeconds: 3600, cancellationToken: cancellationToken);
                await foreach (var (type, body) in events)
                {
                    var seen = BenchClock.Now();
                    var json = body is JsonElement e ? e : JsonSerializer.SerializeToElement(body);
                    if (json.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv)) version = rv.GetString();
                    if (type != WatchEventType.Added) continue;
                    if (ObservationOf(json) is { } observation) _firstSeen.TryAdd(observation, seen);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception) { await Task.Delay(100, CancellationToken.None); } // reconnect from the last resourceVersion
        }
    }

    private static string? ObservationOf(JsonElement job)
    {
        if (!job.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("template", out var template)
            || !template.TryGetProperty("spec", out var pod) || !pod.TryGetProperty("containers", out var containers)
            || containers.GetArrayLength() == 0 || !containers[0].TryGetProperty("args", out var args)) return null;
        string? previous = null;
        foreach (var arg in args.EnumerateArray())
        {
            var text = arg.GetString();
            if (previous == "--observation") return text;
            previous = text;
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
