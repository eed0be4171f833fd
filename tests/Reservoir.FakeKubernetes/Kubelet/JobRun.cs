using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Reservoir.FakeKubernetes.Kubelet;

/// <summary>
/// One Job, driven like the Job controller and kubelet together: a pod per attempt, run as a process, its
/// result written to the pod's status, then the Job's counts and, at the end, its Complete or Failed condition
/// (BackoffLimitExceeded, PodFailurePolicy, DeadlineExceeded). Cancelling it (the Job was deleted) kills the
/// process and deletes the pod; stopping the kubelet kills the process only.
/// </summary>
internal sealed class JobRun(Kubernetes client, V1Job job, FakeKubeletOptions options, SemaphoreSlim slots, string stateDirectory, CancellationToken kubeletStopping)
{
    private readonly string _ns = options.Namespace;
    private readonly string _name = job.Metadata.Name;
    private readonly JobStatusWriter _status = new(client, options.Namespace);
    private int _failed = job.Status?.Failed ?? 0;

    public async Task RunAsync(CancellationToken deleted)
    {
        if (!await DriveAsync(deleted)) return;
        // The TTL controller's part: a finished Job with ttlSecondsAfterFinished is deleted (foreground) once it expires.
        if (options.DeleteFinishedJobsAfterTtl && job.Spec.TtlSecondsAfterFinished is { } ttl)
        {
            await Task.Delay(TimeSpan.FromSeconds(ttl), deleted);
            await ApiRetry.Run(c => client.BatchV1.DeleteNamespacedJobAsync(_name, _ns, propagationPolicy: "Foreground", cancellationToken: c), deleted);
        }
    }

    /// <summary>Runs pods until the Job finishes (true) or is deleted (false).</summary>
    private async Task<bool> DriveAsync(CancellationToken deleted)
    {
        var startTime = job.Status?.StartTime?.ToUniversalTime() ?? DateTime.UtcNow;
        using var deadline = new CancellationTokenSource();
        if (job.Spec.ActiveDeadlineSeconds is { } seconds)
            deadline.CancelAfter(Max(TimeSpan.Zero, startTime + TimeSpan.FromSeconds(seconds) - DateTime.UtcNow));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deleted, deadline.Token);
        var startedAt = startTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        string? podName = null;
        try
        {
            while (true)
            {
                podName = PodFactory.NewName(_name);
                var pod = PodFactory.Build(job, podName);
                if (!await ApiRetry.Run(c => client.CoreV1.CreateNamespacedPodAsync(pod, _ns, cancellationToken: c), stop.Token, alreadyExistsIsSuccess: true))
                    return false;
                await _status.Job(_name, Counts(active: 1, startedAt), stop.Token);
                var (exitCode, message) = await RunPod(pod, stop.Token);
                var policy = exitCode == 0 ? null : PodFailurePolicy.Match(job.Spec, pod.Spec.Containers[0].Name, exitCode);
                if (exitCode == 0)
                {
                    var done = Counts(active: 0, startedAt, succeeded: 1);
                    done["completionTime"] = JobStatusWriter.Now();
                    done["conditions"] = JobStatusWriter.FinalConditions(true, "CompletionsReached", "Reached expected number of succeeded pods");
                    await _status.Job(_name, done, stop.Token);
                    return true;
                }
                if (policy?.Action != "Ignore") _failed++;
                if (policy?.Action == "FailJob")
                {
                    await Fail(startedAt, "PodFailurePolicy",
                        $"Container {pod.Spec.Containers[0].Name} for pod {_ns}/{podName} failed with exit code {exitCode} matching FailJob rule at index {policy.Value.Index}", stop.Token);
                    return true;
                }
                if (_failed > (job.Spec.BackoffLimit ?? 6))
                {
                    await Fail(startedAt, "BackoffLimitExceeded", "Job has reached the specified backoff limit", stop.Token);
                    return true;
                }
                await _status.Job(_name, Counts(active: 0, startedAt), stop.Token);
                await Task.Delay(options.RetryDelay, stop.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !deleted.IsCancellationRequested)
        {
            if (podName is not null) await _status.Pod(podName, new JsonObject { ["phase"] = "Failed", ["reason"] = "DeadlineExceeded", ["message"] = "Pod was active on the node longer than the specified deadline" }, deleted);
            _failed++;
            await Fail(startedAt, "DeadlineExceeded", "Job was active longer than specified deadline", deleted);
            return true;
        }
        catch (OperationCanceledException) when (deleted.IsCancellationRequested)
        {
            // The Job is gone; its pod goes with it (the API server's garbage collector also removes it). When the
            // kubelet itself stops, its processes die but the pods stay, as on a node that went away.
            if (podName is not null && !kubeletStopping.IsCancellationRequested)
            {
                try { await client.CoreV1.DeleteNamespacedPodAsync(podName, _ns); }
                catch (Exception) { /* already gone, or the server is stopping */ }
            }
            return false;
        }
    }

    /// <summary>Runs one pod to its end and writes its final status; returns the exit code and termination message.</summary>
    private async Task<(int ExitCode, string Message)> RunPod(V1Pod pod, CancellationToken ct)
    {
        var container = pod.Spec.Containers[0];
        var name = pod.Metadata.Name;
        if (!options.ImageCommands.TryGetValue(container.Image ?? "", out var entrypoint))
        {
            await _status.Pod(name, new JsonObject
            {
                ["phase"] = "Pending",
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = container.Name, ["image"] = container.Image, ["imageID"] = "", ["ready"] = false, ["restartCount"] = 0,
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ErrImagePull", ["message"] = $"fake kubelet: no command configured for image \"{container.Image}\"" } },
                }),
            }, ct);
            await Task.Delay(Timeout.Infinite, ct);
        }
        await slots.WaitAsync(ct);
        try
        {
            var directory = Directory.CreateDirectory(Path.Combine(stateDirectory, name)).FullName;
            var startedAt = JobStatusWriter.Now();
            PodProcess process;
            try
            {
                process = PodProcess.Start(pod, entrypoint!, options, directory);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                // What a container runtime reports when the entrypoint cannot be executed.
                var why = $"failed to start container \"{container.Name}\": exec: {e.Message}";
                await _status.Pod(name, new JsonObject
                {
                    ["phase"] = "Failed",
                    ["containerStatuses"] = new JsonArray(JobStatusWriter.Terminated(container.Name, container.Image!, 128, "StartError", why, startedAt)),
                }, ct);
                return (128, why);
            }
            try
            {
                await _status.Pod(name, new JsonObject
                {
                    ["phase"] = "Running", ["startTime"] = startedAt, ["podIP"] = "127.0.0.1", ["hostIP"] = "127.0.0.1",
                    ["containerStatuses"] = new JsonArray(new JsonObject
                    {
                        ["name"] = container.Name, ["image"] = container.Image, ["imageID"] = "", ["ready"] = true, ["restartCount"] = 0, ["started"] = true,
                        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startedAt } },
                    }),
                }, ct);
                var exitCode = await process.WaitAsync(ct);
                var message = process.TerminationMessage(exitCode);
                await _status.Pod(name, new JsonObject
                {
                    ["phase"] = exitCode == 0 ? "Succeeded" : "Failed",
                    ["containerStatuses"] = new JsonArray(JobStatusWriter.Terminated(container.Name, container.Image!, exitCode, exitCode == 0 ? "Completed" : "Error", message, startedAt)),
                }, ct);
                return (exitCode, message);
            }
            finally
            {
                await process.StopAsync();
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private Task Fail(string startedAt, string reason, string message, CancellationToken ct)
    {
        var status = Counts(active: 0, startedAt);
        status["conditions"] = JobStatusWriter.FinalConditions(false, reason, message);
        return _status.Job(_name, status, ct);
    }

    private JsonObject Counts(int active, string startedAt, int succeeded = 0) => new()
    {
        ["active"] = active == 0 ? null : active,
        ["ready"] = active,
        ["succeeded"] = succeeded == 0 ? null : succeeded,
        ["failed"] = _failed == 0 ? null : _failed,
        ["startTime"] = startedAt,
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
