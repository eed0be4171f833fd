using Reservoir.Operator.Registry;
using Xunit;

namespace Reservoir.Operator.Tests.Registry;

public sealed class AlgorithmRegistryParserTests
{
    private const string Full = """
        energy-detection:
          image: ghcr.io/example/reservoir-runner:1.4.0
          args: [--threads, "2"]
          cpu: 1500m
          memory: 4Gi
          cpuLimit: "4"
          gpus: 0
          deadline: 1h30m
          backoffLimit: 3
          concurrency: 50
          params: {threshold: 2048, window: "256"}
          nodeSelector: {cloud.google.com/gke-nodepool: cpu-pool}
          tolerations:
            - {key: dedicated, operator: Equal, value: search, effect: NoSchedule}
            - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30}
        cnn-classifier:
          image: ghcr.io/example/reservoir-cnn@sha256:0123
          gpus: 1
          deadline: 600
        """;

    [Fact]
    public void Parse_FullEntry_ReadsEveryField()
    {
        var entries = AlgorithmRegistryParser.Parse(Full);
        var ed = entries.Single(e => e.Name == "energy-detection");
        Assert.Equal("ghcr.io/example/reservoir-runner:1.4.0", ed.Image);
        Assert.Equal(["--threads", "2"], ed.ExtraArgs);
        Assert.Equal("1500m", ed.Cpu);
        Assert.Equal("4Gi", ed.Memory);
        Assert.Equal("4", ed.CpuLimit);
        Assert.Equal(0, ed.Gpus);
        Assert.Equal(TimeSpan.FromMinutes(90), ed.Deadline);
        Assert.Equal(3, ed.BackoffLimit);
        Assert.Equal(50, ed.ConcurrencyCap);
        Assert.Equal("2048", ed.DefaultParams["threshold"]);
        Assert.Equal("256", ed.DefaultParams["window"]);
        Assert.Equal("cpu-pool", ed.NodeSelector["cloud.google.com/gke-nodepool"]);
        Assert.Equal(new AlgorithmToleration("dedicated", "Equal", "search", "NoSchedule"), ed.Tolerations[0]);
        Assert.Equal(new AlgorithmToleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", 30), ed.Tolerations[1]);
    }

    [Fact]
    public void Parse_MinimalEntry_UsesDocumentedDefaults()
    {
        var cnn = AlgorithmRegistryParser.Parse(Full).Single(e => e.Name == "cnn-classifier");
        Assert.Equal(1, cnn.Gpus);
        Assert.Equal(TimeSpan.FromSeconds(600), cnn.Deadline);
        Assert.Equal("1", cnn.Cpu);
        Assert.Equal("2Gi", cnn.Memory);
        Assert.Null(cnn.CpuLimit);
        Assert.Equal(2, cnn.BackoffLimit);
        Assert.Null(cnn.ConcurrencyCap);
        Assert.Empty(cnn.ExtraArgs);
        Assert.Empty(cnn.Tolerations);
    }

    [Theory]
    [InlineData("memory: 2GB", "ed.memory: '2GB' is not a Kubernetes quantity")]
    [InlineData("cpu: -1", "ed.cpu: '-1' is not a Kubernetes quantity")]
    [InlineData("gpus: two", "ed.gpus: 'two' must be a whole number")]
    [InlineData("gpus: -1", "ed.gpus: '-1' must be a whole number")]
    [InlineData("deadline: 90 minutes", "ed.deadline: '90 minutes' is not a duration")]
    [InlineData("deadline: 0", "ed.deadline: '0' is not a duration")]
    [InlineData("backoffLimit: 1.5", "ed.backoffLimit: '1.5' must be a whole number")]
    [InlineData("concurrency: 0", "ed.concurrency: '0' must be a whole number from 1")]
    [InlineData("imagePullPolicy: Always", "ed.imagePullPolicy: is not a known field")]
    [InlineData("args: --fast", "ed.args: must be a list of strings")]
    [InlineData("params: {bad key: 1}", "ed.params: key 'bad key' is not valid")]
    [InlineData("nodeSelector: {pool: 'a b'}", "ed.nodeSelector.pool: value 'a b' is not valid")]
    [InlineData("tolerations: [{key: k, operator: Maybe}]", "ed.tolerations[0].operator: 'Maybe' must be Equal or Exists")]
    [InlineData("tolerations: [{key: k, effect: Sometimes}]", "ed.tolerations[0].effect: 'Sometimes' must be")]
    [InlineData("tolerations: [{key: k, operator: Exists, value: v}]", "ed.tolerations[0].value: must be empty when operator is Exists")]
    [InlineData("tolerations: [{key: k, effect: NoSchedule, tolerationSeconds: 5}]", "ed.tolerations[0].tolerationSeconds: applies only with effect NoExecute")]
    public void Parse_BadField_NamesAlgorithmAndField(string line, string expected)
    {
        var yaml = $"ed:\n  image: runner:1\n  {line}\n";
        var error = Assert.Throws<AlgorithmRegistryException>(() => AlgorithmRegistryParser.Parse(yaml, "reg.yaml"));
        Assert.Contains("reg.yaml: " + expected, error.Message);
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsEveryOne()
    {
        var yaml = "a:\n  memory: lots\nb:\n  image: x:1\n  gpus: many\nBad_Name:\n  image: y\n";
        var error = Assert.Throws<AlgorithmRegistryException>(() => AlgorithmRegistryParser.Parse(yaml));
        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("a.image: is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("a.memory: 'lots'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("b.gpus: 'many'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("algorithm name 'Bad_Name' is not valid", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[a, b]")]
    [InlineData("just text")]
    public void Parse_NotAMapOfAlgorithms_Throws(string yaml)
    {
        var error = Assert.Throws<AlgorithmRegistryException>(() => AlgorithmRegistryParser.Parse(yaml, "reg.yaml"));
        Assert.Contains("reg.yaml: must be a map of algorithm name", error.Message);
    }

    [Fact]
    public void Parse_InvalidYaml_NamesLine()
    {
        var error = Assert.Throws<AlgorithmRegistryException>(() => AlgorithmRegistryParser.Parse("a:\n  image: [x\n", "reg.yaml"));
        Assert.Contains("reg.yaml: not valid YAML at line", error.Message);
    }

    [Theory]
    [InlineData("90m", 5400)]
    [InlineData("1h30m", 5400)]
    [InlineData("45s", 45)]
    [InlineData("1.5h", 5400)]
    [InlineData("5400", 5400)]
    public void ParseDuration_AcceptedForms_GiveSeconds(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RegistryValues.ParseDuration(text));

    [Fact]
    public void StaticRegistry_DuplicateName_Throws() =>
        Assert.Throws<ArgumentException>(() => new StaticAlgorithmRegistry(
            new AlgorithmEntry { Name = "a", Image = "x" }, new AlgorithmEntry { Name = "a", Image = "y" }));
}
