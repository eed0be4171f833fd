using k8s.Models;

namespace Reservoir.FakeKubernetes.Kubelet;

/// <summary>The Job controller's podFailurePolicy: the first rule whose onExitCodes matches a failed container's exit code decides.</summary>
internal static class PodFailurePolicy
{
    /// <summary>The matching rule's action (FailJob, Ignore, Count, FailIndex) and index, or null when no rule matches.</summary>
    public static (string Action, int Index)? Match(V1JobSpec spec, string containerName, int exitCode)
    {
        var rules = spec.PodFailurePolicy?.Rules ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var codes = rules[i].OnExitCodes;
            if (codes is null) continue;
            if (codes.ContainerName is { } only && only != containerName) continue;
            var listed = codes.Values?.Contains(exitCode) ?? false;
            var matches = codes.OperatorProperty switch
            {
                "In" => listed,
                "NotIn" => !listed && exitCode != 0,
                _ => false,
            };
            if (matches) return (rules[i].Action, i);
        }
        return null;
    }
}
