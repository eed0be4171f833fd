namespace Reservoir.TestSupport;

/// <summary>
/// The team's sample observations in <c>../shared/data</c> beside the repository. They are never copied
/// into the repo; tests that need them fail under CI when they are missing and skip elsewhere.
/// </summary>
public static class SharedData
{
    public const string SampleFil = "gbt_sgr_b2_sample.fil";
    public const string SampleH5 = "gbt_sgr_b2_sample.bl.h5";

    /// <summary>Full path of a shared data file, or a failed/skipped test when it is absent.</summary>
    public static string Path(string fileName)
    {
        var root = RepoRoot.Find();
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "..", "shared", "data", fileName));
        if (!File.Exists(path)) Require.Missing($"shared sample data {path}");
        return path;
    }
}

/// <summary>Locates the repository root (the folder holding Reservoir.sln).</summary>
public static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Reservoir.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Reservoir.sln above {AppContext.BaseDirectory}");
    }
}
