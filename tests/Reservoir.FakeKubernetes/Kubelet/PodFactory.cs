using k8s;
using k8s.Models;

namespace Reservoir.FakeKubernetes.Kubelet;

/// <summary>The pod the Job controller makes from a Job's template: its labels, owner reference and a generated name.</summary>
internal static class PodFactory
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string NewName(string jobName) =>
        $"{jobName}-{new string(Enumerable.Range(0, 5).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)]).ToArray())}";

    public static V1Pod Build(V1Job job, string podName)
    {
        var template = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(job.Spec.Template));
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            ["job-name"] = job.Metadata.Name, ["batch.kubernetes.io/job-name"] = job.Metadata.Name,
            ["controller-uid"] = job.Metadata.Uid, ["batch.kubernetes.io/controller-uid"] = job.Metadata.Uid,
        };
        template.Spec.NodeName = "fake-node";
        return new V1Pod
        {
            ApiVersion = "v1", Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = podName, NamespaceProperty = job.Metadata.NamespaceProperty, Labels = labels, Annotations = template.Metadata?.Annotations,
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, BlockOwnerDeletion = true, Controller = true },
                ],
            },
            Spec = template.Spec,
        };
    }
}
