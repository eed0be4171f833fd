using System.Reflection;
using System.Runtime.Loader;

namespace Reservoir.Runner.Plugins;

/// <summary>
/// One plugin's private load context: its own dependencies resolve from its folder (through its deps.json),
/// so two plugins may carry different versions of a library. The contract assemblies resolve from the
/// host's default context instead, so <c>IAlgorithm</c> in the plugin is the host's <c>IAlgorithm</c>.
/// </summary>
internal sealed class PluginLoadContext(string mainAssemblyPath) : AssemblyLoadContext($"plugin:{Path.GetFileName(Path.GetDirectoryName(mainAssemblyPath))}")
{
    /// <summary>Assemblies whose types cross the host/plugin boundary: always the host's copy.</summary>
    internal static readonly HashSet<string> SharedAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "Reservoir.Sdk",
        "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
    };

    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && SharedAssemblies.Contains(name)) return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
