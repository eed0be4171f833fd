namespace Reservoir.Deploy.Tests.Support;

/// <summary>Locations in the repository, found from the test assembly by walking up to Reservoir.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Chart => Path.Combine(Root, "charts", "reservoir");
    public static string Kustomize => Path.Combine(Root, "k8s");
    public static string Tools => Path.Combine(Root, "tools", "helm");
    public static string OperatorCrd => Path.Combine(Root, "operator", "Reservoir.Operator", "Resources", "search-crd.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Reservoir.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Reservoir.sln not found above {AppContext.BaseDirectory}");
    }
}
