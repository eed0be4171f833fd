using Reservoir.Sdk;

namespace Reservoir.Runner.Plugins;

/// <summary>One algorithm a plugin provides, with what <c>--help</c> and the manifest need.</summary>
public sealed class AlgorithmEntry
{
    private readonly Type _type;

    internal AlgorithmEntry(Type type, IAlgorithm prototype, string pluginDirectory)
    {
        _type = type;
        Name = prototype.Name;
        Version = prototype.Version;
        Description = prototype.Description;
        ParametersType = prototype.ParametersType;
        Parameters = ParameterBinder.Describe(prototype.ParametersType);
        PluginDirectory = pluginDirectory;
    }

    public string Name { get; }
    public string Version { get; }
    public string Description { get; }
    public Type ParametersType { get; }
    public IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>The plugin folder it was loaded from.</summary>
    public string PluginDirectory { get; }

    /// <summary>A fresh instance for one run.</summary>
    public IAlgorithm Create() => (IAlgorithm)Activator.CreateInstance(_type)!;
}
