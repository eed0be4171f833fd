using k8s;
using k8s.Models;

namespace Reservoir.Operator.Reconcile.Jobs;

/// <summary>Reads the runner's one-line reason from a Job's pods (the container's termination message).</summary>
internal static class TerminationMessages
{
    /// <summary>
    /// The termination message of the Job's most recently finished failed pod (pods found by the
    /// <c>job-name</c> label the Job controller sets), or null when no failed pod left one.
    /// </summary>
    public static async Task<string?> LastFailureAsync(IKubernetes kubernetes, string @namespace, string jobName, CancellationToken cancellationToken)
    {
        var pods = await kubernetes.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: $"job-name={jobName}",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return Pick(pods.Items);
    }

    internal static string? Pick(IEnumerable<V1Pod> pods) =>
        pods
            .Select(pod => (Pod: pod, Terminated: pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated))
            .Where(p => p.Terminated is { ExitCode: not 0 } && !string.IsNullOrWhiteSpace(p.Terminated.Message))
            .OrderBy(p => p.Terminated!.FinishedAt ?? p.Pod.Metadata?.CreationTimestamp ?? DateTime.MinValue)
            .Select(p => p.Terminated!.Message.Trim())
            .LastOrDefault();
}
