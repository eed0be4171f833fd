using Reservoir.TestSupport;

namespace Reservoir.Runner.Tests.Support;

internal static class TestPaths
{
    /// <summary>Plugins folder holding the test plugin (bundled into this test's output by the build).</summary>
    public static string TestPlugins => Path.Combine(AppContext.BaseDirectory, "test-plugins");

    /// <summary>The build configuration of this test assembly (its output is bin/&lt;Configuration&gt;/net10.0/).</summary>
    public static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>
    /// The already-built <c>reservoir.dll</c> in the CLI project's own output (the build configuration is the
    /// one this test assembly was built with), beside its bundled plugins.
    /// </summary>
    public static string ReservoirDll
    {
        get
        {
            var path = Path.Combine(RepoRoot.Find(), "cli", "Reservoir.Cli", "bin", Configuration, "net10.0", "reservoir.dll");
            if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: build cli/Reservoir.Cli first");
            return path;
        }
    }
}
