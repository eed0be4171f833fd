using Reservoir.Core.Requests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Reservoir.Operator.Registry;

/// <summary>
/// Reads the algorithm registry (the <c>algorithms.yaml</c> key of the <c>reservoir-algorithms</c> ConfigMap):
/// a map of algorithm name → entry.
/// <code>
/// energy-detection:
///   image: ghcr.io/example/reservoir-runner:1.4.0   # required
///   args: [--threads, "2"]                          # extra runner arguments
///   cpu: "2"          # request           memory: 4Gi   # request and limit
///   cpuLimit: "4"     # optional          gpus: 0       # nvidia.com/gpu, request = limit
///   deadline: 90m     # or 5400 (seconds) backoffLimit: 2
///   concurrency: 50   # most running Jobs; absent = no cap
///   params: {threshold: 2048}
///   nodeSelector: {cloud.google.com/gke-nodepool: cpu}
///   tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
/// </code>
/// Unknown fields are errors (a typo must not silently fall back to a default). Every problem is reported, each
/// naming the algorithm and the field, in one <see cref="AlgorithmRegistryException"/>.
/// </summary>
public static class AlgorithmRegistryParser
{
    public static IReadOnlyList<AlgorithmEntry> Parse(string yaml, string source = "algorithms.yaml")
    {
        var problems = new List<string>();
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            if (stream.Documents.Count > 1) problems.Add($"{source}: holds {stream.Documents.Count} YAML documents (one expected)");
        }
        catch (YamlException e)
        {
            throw new AlgorithmRegistryException([$"{source}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}"]);
        }

        if (root is not YamlMappingNode algorithms || algorithms.Children.Count == 0)
            throw new AlgorithmRegistryException([$"{source}: must be a map of algorithm name → entry, and define at least one algorithm"]);

        var entries = new List<AlgorithmEntry>();
        foreach (var (key, value) in algorithms.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            var reader = new AlgorithmEntryReader(source, name, problems);
            if (CheckName(name) is { } reason) problems.Add($"{source}: {reason}");
            else if (reader.Read(value) is { } entry) entries.Add(entry);
        }
        if (problems.Count > 0) throw new AlgorithmRegistryException(problems);
        return entries;
    }

    private static string? CheckName(string name) =>
        SearchName.IsDns1123Label(name)
            ? null
            : $"algorithm name '{name}' is not valid (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
}
