using Reservoir.Operator.Registry;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Operator.Tests.Registry;

/// <summary>The registries shipped in k8s/ (the ConfigMap sources) parse with the operator's own parser.</summary>
public sealed class SampleRegistryTests
{
    [Theory]
    [InlineData("k8s/base/algorithms.yaml")]
    [InlineData("k8s/overlays/sample/algorithms.yaml")]
    public void ShippedRegistry_Parses(string relative)
    {
        var path = Path.Combine(RepoRoot.Find(), relative);
        if (!File.Exists(path)) Assert.Skip($"{relative} is not in this checkout");
        var entries = AlgorithmRegistryParser.Parse(File.ReadAllText(path), relative);
        Assert.Contains(entries, e => e.Name == "energy-detection");
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.Image)));
    }
}
