using k8s;

namespace Reservoir.Operator.Hosting;

/// <summary>Chooses how to reach the API server: an explicit URL, the in-cluster service account, or a kubeconfig.</summary>
internal static class KubernetesConnection
{
    public static (Kubernetes Client, string Description) Create(OperatorSettings settings, Func<string, string?> env)
    {
        if (settings.ApiServer is { } url)
            return (new Kubernetes(new KubernetesClientConfiguration { Host = url.ToString().TrimEnd('/') }), $"API server {url}");
        if (!string.IsNullOrEmpty(env("KUBERNETES_SERVICE_HOST")) && KubernetesClientConfiguration.IsInCluster())
            return (new Kubernetes(KubernetesClientConfiguration.InClusterConfig()), "in-cluster service account");
        var file = settings.Kubeconfig ?? env("KUBECONFIG") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (!File.Exists(file))
            throw new InvalidOperationException($"no way to reach the API server: not in a cluster, no --api-server, and kubeconfig {file} does not exist");
        return (new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(file)), $"kubeconfig {file}");
    }
}
