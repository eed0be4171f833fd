using System.Text.Json.Nodes;
using Reservoir.Deploy.Tests.Support;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Xunit;

namespace Reservoir.Deploy.Tests.Kustomize;

/// <summary>k8s/ rendered by `kubectl kustomize` (offline), validated, and held to the chart's invariants.</summary>
public sealed class KustomizeTests
{
    [Theory]
    [InlineData("base")]
    [InlineData("overlays/sample")]
    public async Task Kustomize_EveryObjectAndSampleSearch_ValidAgainstSchemas(string folder)
    {
        var rendered = await RenderedManifests.KustomizeAsync(folder);
        var sampleSearch = YamlJson.Documents(File.ReadAllText(Path.Combine(RepoPaths.Kustomize, "samples", "search.yaml")));
        Assert.Empty(await SchemaValidator.ProblemsAsync(rendered.Objects.Concat(sampleSearch)));
    }

    [Fact]
    public async Task Validator_BrokenObjects_Reported()
    {
        // The validator must be able to fail: a wrong field type, a Search missing its input, an unknown kind.
        var rendered = await RenderedManifests.KustomizeAsync("base");
        var deployment = (JsonObject)rendered.Single("Deployment").DeepClone();
        deployment["spec"]!["replicas"] = "two";
        var search = YamlJson.Documents(File.ReadAllText(Path.Combine(RepoPaths.Kustomize, "samples", "search.yaml"))).Single();
        search["spec"]!.AsObject().Remove("input");
        var unknown = new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" } };

        var problems = await SchemaValidator.ProblemsAsync([deployment, search, unknown, rendered.Single("CustomResourceDefinition")]);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Deployment/") && p.Contains("replicas"));
        Assert.Contains(problems, p => p.StartsWith("Search/") && p.Contains("input"));
        Assert.Contains(problems, p => p.StartsWith("Widget/"));
    }

    [Theory]
    [InlineData("base", 1)]
    [InlineData("overlays/sample", 2)]
    public async Task Kustomize_Deployment_HardenedWithRegistryMounted(string folder, int replicas)
    {
        var rendered = await RenderedManifests.KustomizeAsync(folder);
        var deployment = rendered.Single("Deployment");
        PodSecurity.AssertHardened(deployment, rendered.Source);
        Assert.Equal(replicas, (long?)deployment["spec"]!["replicas"]);
        Assert.Equal(replicas > 1 ? 1 : 0, rendered.OfKind("PodDisruptionBudget").Count());
        // The registry ConfigMap carries a content hash, and the Deployment mounts that very name (so it rolls).
        var registry = rendered.OfKind("ConfigMap").Single(c => ((string)c["metadata"]!["name"]!).StartsWith("reservoir-algorithms-"));
        var volume = deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "registry");
        Assert.Equal((string?)registry["metadata"]!["name"], (string?)volume!["configMap"]!["name"]);
        Assert.NotEmpty(AlgorithmRegistryParser.Parse((string)registry["data"]!["algorithms.yaml"]!, rendered.Source));
    }

    [Fact]
    public async Task Kustomize_SampleOverlay_SetsImageWorkloadIdentityAndGpuAlgorithm()
    {
        var rendered = await RenderedManifests.KustomizeAsync("overlays/sample");
        Assert.Equal("us-docker.pkg.dev/my-project/reservoir/reservoir-operator:0.1.0",
            (string?)rendered.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        foreach (var account in rendered.OfKind("ServiceAccount"))
            Assert.EndsWith(".iam.gserviceaccount.com", (string?)account["metadata"]!["annotations"]!["iam.gke.io/gcp-service-account"]);
        var registry = rendered.OfKind("ConfigMap").Single(c => ((string)c["metadata"]!["name"]!).StartsWith("reservoir-algorithms-"));
        var gpu = AlgorithmRegistryParser.Parse((string)registry["data"]!["algorithms.yaml"]!).Single(e => e.Name == "cnn-classifier");
        Assert.Equal(1, gpu.Gpus);
    }

    [Fact]
    public async Task Kustomize_Crd_EqualsOperatorEmbeddedCrd()
    {
        var rendered = await RenderedManifests.KustomizeAsync("base");
        var expected = YamlJson.Documents(SearchCrd.ManifestYaml()).Single();
        // kustomize adds the common app.kubernetes.io labels; everything else must be the operator's CRD.
        var actual = (JsonObject)rendered.Single("CustomResourceDefinition").DeepClone();
        Assert.Equal("reservoir", (string?)actual["metadata"]!["labels"]!["app.kubernetes.io/name"]);
        actual["metadata"]!.AsObject().Remove("labels");
        Assert.True(JsonNode.DeepEquals(expected, actual),
            "k8s/base/search-crd.yaml differs from the operator's search-crd.yaml: copy it over");
    }
}
