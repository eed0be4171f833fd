using k8s;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Api;

public sealed class ListTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(FakeApiServer, Kubernetes)> Seeded()
    {
        var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        string[] tiers = ["gold", "silver", "bronze"];
        for (var i = 0; i < 6; i++)
        {
            var labels = new Dictionary<string, string> { ["tier"] = tiers[i % 3] };
            if (i % 2 == 0) labels["even"] = "yes";
            await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap($"m{i}", labels), TestObjects.Namespace, cancellationToken: Ct);
        }
        var other = TestObjects.ConfigMap("other");
        other.Metadata.NamespaceProperty = "elsewhere";
        await client.CoreV1.CreateNamespacedConfigMapAsync(other, "elsewhere", cancellationToken: Ct);
        return (server, client);
    }

    [Theory]
    [InlineData("tier=gold", "m0,m3")]
    [InlineData("tier==gold", "m0,m3")]
    [InlineData("tier!=gold", "m1,m2,m4,m5")]
    [InlineData("tier in (gold,bronze)", "m0,m2,m3,m5")]
    [InlineData("tier notin (gold,bronze)", "m1,m4")]
    [InlineData("even", "m0,m2,m4")]
    [InlineData("!even", "m1,m3,m5")]
    [InlineData("even,tier=silver", "m4")]
    public async Task List_LabelSelector_ReturnsMatching(string selector, string expected)
    {
        var (server, client) = await Seeded();
        await using var _ = server;

        var list = await client.CoreV1.ListNamespacedConfigMapAsync(TestObjects.Namespace, labelSelector: selector, cancellationToken: Ct);

        Assert.Equal(expected, string.Join(',', list.Items.Select(i => i.Metadata.Name)));
    }

    [Fact]
    public async Task List_FieldSelectorOnName_ReturnsOne()
    {
        var (server, client) = await Seeded();
        await using var _ = server;

        var list = await client.CoreV1.ListNamespacedConfigMapAsync(TestObjects.Namespace, fieldSelector: "metadata.name=m2", cancellationToken: Ct);

        Assert.Equal("m2", Assert.Single(list.Items).Metadata.Name);
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesThroughEverythingOnce()
    {
        var (server, client) = await Seeded();
        await using var _ = server;
        var names = new List<string>();
        string? token = null;
        var pages = 0;

        do
        {
            var page = await client.CoreV1.ListNamespacedConfigMapAsync(TestObjects.Namespace, limit: 4, continueParameter: token, cancellationToken: Ct);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            if (pages++ == 0) Assert.Equal(2, page.Metadata.RemainingItemCount);
            Assert.False(string.IsNullOrEmpty(page.Metadata.ResourceVersion));
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(2, pages);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m5"], names);
    }

    [Fact]
    public async Task List_AllNamespaces_IncludesEveryNamespace()
    {
        var (server, client) = await Seeded();
        await using var _ = server;

        var list = await client.CoreV1.ListConfigMapForAllNamespacesAsync(cancellationToken: Ct);

        Assert.Equal(7, list.Items.Count);
        Assert.Contains(list.Items, i => i.Metadata.NamespaceProperty == "elsewhere");
    }
}
