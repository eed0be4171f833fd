using System.Text.Json.Nodes;
using Reservoir.Deploy.Tests.Support;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Xunit;

namespace Reservoir.Deploy.Tests.Chart;

/// <summary>charts/reservoir linted and rendered offline by the pinned helm, and every rendered object checked.</summary>
public sealed class HelmChartTests
{
    private static readonly string DefaultValues = Path.Combine(RepoPaths.Chart, "ci", "default-values.yaml");
    private static readonly string HaValues = Path.Combine(RepoPaths.Chart, "ci", "ha-values.yaml");

    [Theory]
    [InlineData("default-values.yaml")]
    [InlineData("ha-values.yaml")]
    public async Task Lint_ValuesFile_Passes(string valuesFile)
    {
        var helm = await DeployTools.HelmAsync();
        var result = await ProcessResult.RunAsync(helm, ["lint", RepoPaths.Chart, "--strict", "-f", Path.Combine(RepoPaths.Chart, "ci", valuesFile)]);
        Assert.True(result.ExitCode == 0, result.Describe("helm lint"));
        Assert.Contains("0 chart(s) failed", result.Stdout);
    }

    [Fact]
    public async Task Template_DefaultValues_RendersSingleReplicaWithoutPdbOrNetworkPolicy()
    {
        var rendered = await RenderedManifests.HelmTemplateAsync("-f", DefaultValues);
        Assert.Equal(
            ["ConfigMap", "CustomResourceDefinition", "Deployment", "Role", "RoleBinding", "Service", "ServiceAccount", "ServiceAccount"],
            rendered.Objects.Select(o => (string)o["kind"]!).Order());
        Assert.Equal(1, (long?)rendered.Single("Deployment")["spec"]!["replicas"]);
    }

    [Fact]
    public async Task Template_HaValues_AddsPdbNetworkPolicyAndLeaseSettings()
    {
        var rendered = await RenderedManifests.HelmTemplateAsync("-f", HaValues);
        var deployment = rendered.Single("Deployment");
        Assert.Equal(2, (long?)deployment["spec"]!["replicas"]);
        Assert.Equal(1, (long?)rendered.Single("PodDisruptionBudget")["spec"]!["minAvailable"]);
        var policy = rendered.Single("NetworkPolicy")["spec"]!;
        Assert.Equal(["Ingress", "Egress"], policy["policyTypes"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(8080, (long?)policy["ingress"]![0]!["ports"]![0]!["port"]);

        var env = PodSecurity.Env(deployment);
        Assert.Equal("reservoir-operator", (string?)env["RESERVOIR_LEASE_NAME"]);
        Assert.Equal("metadata.name", (string?)env["RESERVOIR_IDENTITY"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("search-results", (string?)env["RESERVOIR_RESULTS_TOPIC"]);
        Assert.EndsWith("@sha256:" + new string('0', 64), (string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Theory]
    [InlineData("default-values.yaml")]
    [InlineData("ha-values.yaml")]
    public async Task Template_EveryObject_ValidAgainstKubernetesSchemas(string valuesFile)
    {
        var rendered = await RenderedManifests.HelmTemplateAsync("-f", Path.Combine(RepoPaths.Chart, "ci", valuesFile));
        Assert.Empty(await SchemaValidator.ProblemsAsync(rendered.Objects));
    }

    [Fact]
    public async Task Template_Crd_EqualsOperatorEmbeddedCrd()
    {
        var rendered = await RenderedManifests.HelmTemplateAsync("-f", DefaultValues);
        var expected = YamlJson.Documents(SearchCrd.ManifestYaml()).Single();
        Assert.True(JsonNode.DeepEquals(expected, rendered.Single("CustomResourceDefinition")),
            "charts/reservoir/crds/search-crd.yaml differs from the operator's search-crd.yaml: copy it over");
    }

    [Theory]
    [InlineData("default-values.yaml")]
    [InlineData("ha-values.yaml")]
    public async Task Template_Deployment_HardenedWithProbes(string valuesFile)
    {
        var rendered = await RenderedManifests.HelmTemplateAsync("-f", Path.Combine(RepoPaths.Chart, "ci", valuesFile));
        PodSecurity.AssertHardened(rendered.Single("Deployment"), rendered.Source);
    }

    [Fact]
    public async Task Template_RegistryEdited_ChecksumAnnotationChanges()
    {
        var before = await RenderedManifests.HelmTemplateAsync("-f", DefaultValues);
        var after = await RenderedManifests.HelmTemplateAsync("-f", DefaultValues,
            "--set", "algorithms.energy-detection.image=us-docker.pkg.dev/p/reservoir/reservoir-algorithms:0.2.0");
        static string? Checksum(RenderedManifests m) =>
            (string?)m.Single("Deployment")["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/algorithms"];
        Assert.Matches("^[0-9a-f]{64}$", Checksum(before));
        Assert.NotEqual(Checksum(before), Checksum(after));
    }

    [Fact]
    public async Task Template_RegistryConfigMap_ParsesWithOperatorParser()
    {
        var rendered = await RenderedManifests.HelmTemplateAsync("-f", HaValues);
        var yaml = (string)rendered.Single("ConfigMap")["data"]!["algorithms.yaml"]!;
        var entries = AlgorithmRegistryParser.Parse(yaml, "chart ConfigMap").ToDictionary(e => e.Name);
        Assert.Equal(TimeSpan.FromMinutes(90), entries["energy-detection"].Deadline);
        Assert.Equal(50, entries["energy-detection"].ConcurrencyCap);
        Assert.Equal("4096", entries["energy-detection"].DefaultParams["threshold"]);
        Assert.Equal(1, entries["cnn-classifier"].Gpus);
        Assert.Equal("nvidia.com/gpu", entries["cnn-classifier"].Tolerations.Single().Key);
    }

    [Fact]
    public async Task Template_ServiceAccounts_CarryWorkloadIdentityAnnotations()
    {
        var rendered = await RenderedManifests.HelmTemplateAsync("-f", HaValues);
        var accounts = rendered.OfKind("ServiceAccount").ToDictionary(a => (string)a["metadata"]!["name"]!);
        Assert.Equal("reservoir-operator@my-project.iam.gserviceaccount.com",
            (string?)accounts["reservoir"]["metadata"]!["annotations"]!["iam.gke.io/gcp-service-account"]);
        Assert.Equal("reservoir-runner@my-project.iam.gserviceaccount.com",
            (string?)accounts["reservoir-runner"]["metadata"]!["annotations"]!["iam.gke.io/gcp-service-account"]);
        Assert.False((bool?)accounts["reservoir-runner"]["automountServiceAccountToken"]);
        Assert.Equal("reservoir-runner", (string?)PodSecurity.Env(rendered.Single("Deployment"))["RESERVOIR_JOB_SERVICE_ACCOUNT"]);
    }

    [Theory]
    [InlineData("replicaCount=3", "replicaCount")]
    [InlineData("algorithms.energy-detection.image=", "image")]
    [InlineData("algorithms.energy-detection.gpus=-1", "gpus")]
    [InlineData("algorithms.energy-detection.deadline=soon", "deadline")]
    [InlineData("unknownSetting=1", "unknownSetting")]
    [InlineData("image.digest=latest", "digest")]
    public async Task Template_InvalidValue_RejectedBySchema(string setting, string named)
    {
        var helm = await DeployTools.HelmAsync();
        var result = await ProcessResult.RunAsync(helm, ["template", "reservoir", RepoPaths.Chart, "-f", DefaultValues, "--set", setting]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(named, result.Stderr);
    }
}
