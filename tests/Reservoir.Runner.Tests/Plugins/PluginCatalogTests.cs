using System.Runtime.Loader;
using Reservoir.Runner.Plugins;
using Reservoir.Runner.Tests.Support;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Runner.Tests.Plugins;

public sealed class PluginCatalogTests
{
    private static string TestPluginFolder => Path.Combine(TestPaths.TestPlugins, "runner-test");

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Fact]
    public void Load_TestPluginsFolder_FindsEveryAlgorithmSortedWithParameters()
    {
        var catalog = PluginCatalog.Load(TestPaths.TestPlugins);

        Assert.Empty(catalog.Warnings);
        Assert.Equal(["test-bad-input", "test-hangs", "test-stamps", "test-throws"], catalog.Algorithms.Select(a => a.Name));
        var stamps = catalog.Get("test-stamps");
        Assert.Equal("0.1.0-test", stamps.Version);
        Assert.Equal(["count", "scale", "label"], stamps.Parameters.Select(p => p.Name));
        Assert.Equal("[0, 1000]", stamps.Parameters[0].RangeText);
        Assert.Equal(TestPluginFolder, stamps.PluginDirectory);
    }

    [Fact]
    public void Load_Plugin_LivesInItsOwnContextButSharesTheSdk()
    {
        var entry = PluginCatalog.Load(TestPaths.TestPlugins).Get("test-stamps");
        var algorithm = entry.Create();

        var context = AssemblyLoadContext.GetLoadContext(algorithm.GetType().Assembly);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.StartsWith("plugin:runner-test", context!.Name);
        Assert.Same(typeof(IAlgorithm).Assembly, algorithm.GetType().GetInterfaces().Single(i => i.Name == nameof(IAlgorithm)).Assembly);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Reservoir.Runner.TestPlugin");
    }

    [Fact]
    public void Load_BrokenFolderBesideGoodOne_WarnsNamingItAndLoadsTheRest()
    {
        using var dir = new TempDirectory();
        CopyFolder(TestPluginFolder, Path.Combine(dir.Path, "good"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "broken"));
        File.WriteAllText(Path.Combine(dir.Path, "broken", "Broken.dll"), "not an assembly");
        Directory.CreateDirectory(Path.Combine(dir.Path, "empty"));

        var catalog = PluginCatalog.Load(dir.Path);

        Assert.Contains("test-stamps", catalog.Algorithms.Select(a => a.Name));
        Assert.Equal(2, catalog.Warnings.Count);
        Assert.Contains(catalog.Warnings, w => w.Contains(Path.Combine(dir.Path, "broken")) && w.Contains("skipped"));
        Assert.Contains(catalog.Warnings, w => w.Contains(Path.Combine(dir.Path, "empty")) && w.Contains("no .dll"));
    }

    [Fact]
    public void Load_SameAlgorithmInTwoFolders_ThrowsNamingBoth()
    {
        using var dir = new TempDirectory();
        CopyFolder(TestPluginFolder, Path.Combine(dir.Path, "a"));
        CopyFolder(TestPluginFolder, Path.Combine(dir.Path, "b"));

        var e = Assert.Throws<PluginConflictException>(() => PluginCatalog.Load(dir.Path));
        Assert.Contains("is provided twice", e.Message);
        Assert.Contains(Path.Combine(dir.Path, "a"), e.Message);
        Assert.Contains(Path.Combine(dir.Path, "b"), e.Message);
    }

    [Fact]
    public void Load_MissingFolder_EmptyWithWarning()
    {
        var catalog = PluginCatalog.Load("/nonexistent/plugins");
        Assert.Empty(catalog.Algorithms);
        Assert.Contains("does not exist", Assert.Single(catalog.Warnings));
        Assert.Contains("available in /nonexistent/plugins: none", Assert.Throws<BadInputException>(() => catalog.Get("x")).Message);
    }

    [Fact]
    public void ResolveDirectory_Explicit_WinsAndIsMadeAbsolute()
    {
        Assert.Equal(Path.GetFullPath("some/plugins"), PluginCatalog.ResolveDirectory("some/plugins"));
    }
}
