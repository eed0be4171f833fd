using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Api;

public sealed class CrudTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_NewObject_StampsIdentityAndReadsBack()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), TestObjects.Namespace, cancellationToken: Ct);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("a", TestObjects.Namespace, cancellationToken: Ct);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.NotNull(read.Metadata.CreationTimestamp);
        Assert.Equal("v", read.Data["key"]);
        Assert.Equal(long.Parse(created.Metadata.ResourceVersion), server.ResourceVersion);
    }

    [Fact]
    public async Task Create_ExistingName_Returns409AlreadyExists()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), TestObjects.Namespace, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), TestObjects.Namespace, cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal(409, status.Code);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("-dash")]
    [InlineData("under_score")]
    public async Task Create_InvalidName_Returns422Invalid(string name)
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap(name), TestObjects.Namespace, cancellationToken: Ct));

        Assert.Equal((System.Net.HttpStatusCode)422, error.Response.StatusCode);
        Assert.Equal("Invalid", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsSuffix()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var map = TestObjects.ConfigMap("x");
        map.Metadata.Name = null;
        map.Metadata.GenerateName = "job-";

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(map, TestObjects.Namespace, cancellationToken: Ct);

        Assert.Matches("^job-[a-z0-9]{5}$", created.Metadata.Name);
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_Returns409Conflict()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), TestObjects.Namespace, cancellationToken: Ct);
        first.Data["key"] = "second";
        var second = await client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "a", TestObjects.Namespace, cancellationToken: Ct);

        first.Data["key"] = "stale";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "a", TestObjects.Namespace, cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Conflict", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
        Assert.NotEqual(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal("second", (await client.CoreV1.ReadNamespacedConfigMapAsync("a", TestObjects.Namespace, cancellationToken: Ct)).Data["key"]);
    }

    [Fact]
    public async Task Read_Missing_Returns404NotFound()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.ReadNamespacedConfigMapAsync("nope", TestObjects.Namespace, cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("NotFound", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
    }

    [Fact]
    public async Task Delete_Existing_ReturnsObjectAndRemovesIt()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), TestObjects.Namespace, cancellationToken: Ct);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", TestObjects.Namespace, cancellationToken: Ct);

        Assert.Empty(server.List("v1/configmaps", TestObjects.Namespace));
        Assert.Contains(server.Requests, r => r is { Verb: "delete", Resource: "configmaps", StatusCode: 200 });
    }
}
