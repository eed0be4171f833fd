using Reservoir.TestSupport;
using Reservoir.TestSupport.Processes;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Runner;

/// <summary>
/// The plugin folders of this test build's configuration (the program itself: <see cref="ReservoirProgram"/>).
/// </summary>
internal static class BuiltPrograms
{
    private static string Configuration => ReservoirProgram.Configuration;

    private static string CliFolder => Path.Combine(RepoRoot.Find(), "cli", "Reservoir.Cli", "bin", Configuration, "net10.0");

    /// <summary>The classifier plugin's build output (its dll, TorchSharp, libtorch, the shipped model).</summary>
    public static string ClassifierPlugin => Existing(Path.Combine(RepoRoot.Find(), "algorithms", "CnnClassifier", "bin", Configuration, "net10.0", "linux-x64", "Reservoir.Algorithms.CnnClassifier.dll"), folder: true);

    public static string EnergyDetectionPlugin => Existing(Path.Combine(CliFolder, "plugins", "energy-detection", "Reservoir.Algorithms.EnergyDetection.dll"), folder: true);

    /// <summary>A plugins folder holding links to energy-detection and cnn-classifier (as a deployment would hold both).</summary>
    public static string PluginsFolder(TempDirectory under)
    {
        var plugins = Directory.CreateDirectory(under.File("plugins")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(plugins, "energy-detection"), EnergyDetectionPlugin);
        Directory.CreateSymbolicLink(Path.Combine(plugins, "cnn-classifier"), ClassifierPlugin);
        return plugins;
    }

    private static string Existing(string path, bool folder = false) =>
        File.Exists(path) ? folder ? Path.GetDirectoryName(path)! : path
            : throw new InvalidOperationException($"{path} is not built: build this test project (it references the CLI and the plugin) first");
}
