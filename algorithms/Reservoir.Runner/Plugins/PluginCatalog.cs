using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.Sdk;

namespace Reservoir.Runner.Plugins;

/// <summary>
/// The algorithms found in a plugins folder. Each subfolder is one plugin: the build output of a class
/// library (its main dll is the one named by the folder's <c>*.deps.json</c>, or the only dll), loaded
/// into its own <see cref="System.Runtime.Loader.AssemblyLoadContext"/>. A broken plugin folder is a warning
/// naming it, and the others still load; two algorithms with the same name are an error, because which one
/// would run could not be told.
/// </summary>
public sealed partial class PluginCatalog
{
    /// <summary>Environment variable that overrides the default plugins folder.</summary>
    public const string PluginsVariable = "RESERVOIR_PLUGINS";

    private readonly Dictionary<string, AlgorithmEntry> _algorithms;

    private PluginCatalog(string directory, Dictionary<string, AlgorithmEntry> algorithms, IReadOnlyList<string> warnings)
    {
        Directory = directory;
        _algorithms = algorithms;
        Warnings = warnings;
    }

    /// <summary>The folder that was scanned.</summary>
    public string Directory { get; }

    /// <summary>Every algorithm, ordered by name.</summary>
    public IReadOnlyList<AlgorithmEntry> Algorithms => [.. _algorithms.Values.OrderBy(a => a.Name, StringComparer.Ordinal)];

    /// <summary>Plugin folders that could not be loaded, one line each (also logged as warnings).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The plugins folder to use: explicit, else <c>RESERVOIR_PLUGINS</c>, else <c>&lt;app&gt;/plugins</c>.</summary>
    public static string ResolveDirectory(string? explicitDirectory) =>
        Path.GetFullPath(!string.IsNullOrWhiteSpace(explicitDirectory) ? explicitDirectory
            : Environment.GetEnvironmentVariable(PluginsVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Path.Combine(AppContext.BaseDirectory, "plugins"));

    /// <summary>
    /// Loads every plugin under <paramref name="directory"/>. A missing folder gives an empty catalog with a
    /// warning. Throws <see cref="PluginConflictException"/> when two plugins declare the same algorithm name.
    /// </summary>
    public static PluginCatalog Load(string directory, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        directory = Path.GetFullPath(directory);
        var warnings = new List<string>();
        var algorithms = new Dictionary<string, AlgorithmEntry>(StringComparer.Ordinal);
        if (!System.IO.Directory.Exists(directory))
        {
            Warn($"plugins folder {directory} does not exist; no algorithms are available");
            return new PluginCatalog(directory, algorithms, warnings);
        }

        foreach (var folder in System.IO.Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            List<AlgorithmEntry> found;
            try
            {
                found = LoadFolder(folder);
            }
            catch (Exception e)
            {
                Warn($"plugin folder {folder} was skipped: {Flatten(e)}");
                continue;
            }
            if (found.Count == 0) Warn($"plugin folder {folder} was skipped: it has no public IAlgorithm implementation with a public parameterless constructor");
            foreach (var entry in found)
            {
                if (algorithms.TryGetValue(entry.Name, out var existing))
                    throw new PluginConflictException($"algorithm '{entry.Name}' is provided twice: by plugin folder {existing.PluginDirectory} and by {entry.PluginDirectory}; remove one");
                algorithms.Add(entry.Name, entry);
            }
        }
        return new PluginCatalog(directory, algorithms, warnings);

        void Warn(string message)
        {
            warnings.Add(message);
            logger.LogWarning("{Message}", message);
        }
    }

    /// <summary>The algorithm named <paramref name="name"/>; unknown names are terminal (<see cref="BadInputException"/>).</summary>
    public AlgorithmEntry Get(string name) =>
        _algorithms.TryGetValue(name, out var entry) ? entry
            : throw new BadInputException($"unknown algorithm '{name}'; available in {Directory}: {(_algorithms.Count == 0 ? "none" : string.Join(", ", _algorithms.Keys.Order(StringComparer.Ordinal)))}");

    private static List<AlgorithmEntry> LoadFolder(string folder)
    {
        var main = FindMainAssembly(folder);
        var context = new PluginLoadContext(main);
        var assembly = context.LoadFromAssemblyPath(main);
        Type[] types;
        try { types = assembly.GetExportedTypes(); }
        catch (ReflectionTypeLoadException e)
        {
            throw new InvalidOperationException($"{Path.GetFileName(main)}: types could not be loaded: {e.LoaderExceptions.FirstOrDefault()?.Message}", e);
        }
        var entries = new List<AlgorithmEntry>();
        foreach (var type in types)
        {
            if (type.IsAbstract || type.IsInterface || !typeof(IAlgorithm).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null) continue;
            var prototype = (IAlgorithm)Activator.CreateInstance(type)!;
            if (!NamePattern().IsMatch(prototype.Name))
                throw new InvalidOperationException($"{type.FullName}: algorithm name '{prototype.Name}' must be lower case letters, digits and dashes");
            entries.Add(new AlgorithmEntry(type, prototype, folder));
        }
        return entries;
    }

    private static string FindMainAssembly(string folder)
    {
        var deps = System.IO.Directory.GetFiles(folder, "*.deps.json");
        if (deps.Length == 1)
        {
            var dll = Path.Combine(folder, Path.GetFileName(deps[0])[..^".deps.json".Length] + ".dll");
            if (File.Exists(dll)) return dll;
            throw new InvalidOperationException($"{Path.GetFileName(deps[0])} names {Path.GetFileName(dll)}, which is not there");
        }
        var dlls = System.IO.Directory.GetFiles(folder, "*.dll")
            .Where(d => !PluginLoadContext.SharedAssemblies.Contains(Path.GetFileNameWithoutExtension(d))).ToArray();
        return dlls.Length == 1 ? dlls[0]
            : throw new InvalidOperationException(dlls.Length == 0
                ? "it holds no .dll"
                : $"cannot tell the main assembly among {dlls.Length} dlls; keep the plugin's .deps.json beside them");
    }

    private static string Flatten(Exception e) => (e.InnerException is null ? e.Message : $"{e.Message} ({e.InnerException.Message})").ReplaceLineEndings(" ");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NamePattern();
}

/// <summary>Two plugins declare the same algorithm name (a deployment error).</summary>
public sealed class PluginConflictException(string message) : Exception(message);
