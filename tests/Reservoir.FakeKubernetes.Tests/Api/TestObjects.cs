using k8s.Models;

namespace Reservoir.FakeKubernetes.Tests.Api;

internal static class TestObjects
{
    public const string Namespace = "reservoir";

    public static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null, string value = "v") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    public static V1Job Job(string name, string image = "busybox", IList<string>? command = null, int backoffLimit = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Spec = new V1JobSpec
        {
            BackoffLimit = backoffLimit,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "main", Image = image, Command = command ?? ["/bin/true"] }],
                },
            },
        },
    };
}
