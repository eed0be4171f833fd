using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Reservoir.FakeKubernetes.Kubelet;

/// <summary>
/// Writes Job and Pod status the way the Job controller and kubelet do, as merge patches on the
/// <c>/status</c> subresource (no resourceVersion, so no conflicts), retried through API faults.
/// </summary>
internal sealed class JobStatusWriter(Kubernetes client, string ns)
{
    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");

    public Task<bool> Job(string name, JsonObject status, CancellationToken ct) =>
        ApiRetry.Run(c => client.BatchV1.PatchNamespacedJobStatusAsync(Patch(status), name, ns, cancellationToken: c), ct);

    public Task<bool> Pod(string name, JsonObject status, CancellationToken ct) =>
        ApiRetry.Run(c => client.CoreV1.PatchNamespacedPodStatusAsync(Patch(status), name, ns, cancellationToken: c), ct);

    /// <summary>The two conditions a finished Job carries since Kubernetes 1.31: the target, then the terminal one.</summary>
    public static JsonArray FinalConditions(bool succeeded, string reason, string message)
    {
        var now = Now();
        JsonObject Condition(string type) => new()
        {
            ["type"] = type, ["status"] = "True", ["reason"] = reason, ["message"] = message,
            ["lastProbeTime"] = now, ["lastTransitionTime"] = now,
        };
        return succeeded
            ? new JsonArray(Condition("SuccessCriteriaMet"), Condition("Complete"))
            : new JsonArray(Condition("FailureTarget"), Condition("Failed"));
    }

    public static JsonObject Terminated(string containerName, string image, int exitCode, string reason, string message, string startedAt) => new()
    {
        ["name"] = containerName,
        ["image"] = image,
        ["imageID"] = "",
        ["ready"] = false,
        ["restartCount"] = 0,
        ["started"] = false,
        ["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = exitCode, ["reason"] = reason, ["message"] = message,
                ["startedAt"] = startedAt, ["finishedAt"] = Now(),
            },
        },
    };

    private static V1Patch Patch(JsonObject status) =>
        new(new JsonObject { ["status"] = status.DeepClone() }.ToJsonString(), V1Patch.PatchType.MergePatch);
}
