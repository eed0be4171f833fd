using System.Text.Json.Nodes;

namespace Reservoir.Deploy.Tests.Support;

/// <summary>Rendered Kubernetes objects (helm template or kubectl kustomize output), looked up by kind and name.</summary>
internal sealed class RenderedManifests(IReadOnlyList<JsonObject> objects, string source)
{
    public IReadOnlyList<JsonObject> Objects { get; } = objects;
    public string Source { get; } = source;

    public static RenderedManifests Parse(string yaml, string source) => new(YamlJson.Documents(yaml), source);

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Single(string kind)
    {
        var matches = OfKind(kind).ToList();
        if (matches.Count != 1)
            throw new InvalidOperationException($"{Source}: expected one {kind}, found {matches.Count}");
        return matches[0];
    }

    public JsonObject Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => (string?)o["metadata"]?["name"] == name)
        ?? throw new InvalidOperationException($"{Source}: no {kind} named {name}");

    public static async Task<RenderedManifests> HelmTemplateAsync(params string[] extraArgs)
    {
        var helm = await DeployTools.HelmAsync();
        var result = await ProcessResult.RunAsync(helm, ["template", "reservoir", RepoPaths.Chart, "--namespace", "reservoir",
            "--include-crds", .. extraArgs]);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe("helm template " + string.Join(' ', extraArgs)));
        return Parse(result.Stdout, "helm template " + string.Join(' ', extraArgs));
    }

    public static async Task<RenderedManifests> KustomizeAsync(string folder)
    {
        var result = await ProcessResult.RunAsync(DeployTools.Kubectl(), ["kustomize", Path.Combine(RepoPaths.Kustomize, folder)]);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe("kubectl kustomize k8s/" + folder));
        return Parse(result.Stdout, "kubectl kustomize k8s/" + folder);
    }
}
