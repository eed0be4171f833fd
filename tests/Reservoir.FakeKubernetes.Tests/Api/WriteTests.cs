using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Api;

public sealed class WriteTests
{
    private const string Ns = TestObjects.Namespace;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Search(string name) => new()
    {
        ["apiVersion"] = "reservoir.io/v1alpha1",
        ["kind"] = "Search",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["observation"] = "obs1", ["algorithm"] = "energy-detection" },
        ["status"] = new JsonObject { ["phase"] = "Sneaky" },
    };

    private static async Task<FakeApiServer> WithSearches()
    {
        var server = await FakeApiServer.StartAsync(Ct);
        server.RegisterCustomResourceDefinition("reservoir.io", "v1alpha1", "searches", "Search");
        return server;
    }

    private static Task<object> CreateSearch(Kubernetes client, JsonObject body) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(body, "reservoir.io", "v1alpha1", Ns, "searches", cancellationToken: Ct);

    [Fact]
    public async Task StatusSubresource_MainWritesIgnoreStatusAndStatusWritesOnlyStatus()
    {
        await using var server = await WithSearches();
        var client = server.CreateClient();
        await CreateSearch(client, Search("s1"));
        Assert.Null(server.Get("reservoir.io/v1alpha1/searches", Ns, "s1")!["status"]);

        var statusPatch = new V1Patch("""{"status":{"phase":"Running"},"spec":{"observation":"changed"}}""", V1Patch.PatchType.MergePatch);
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(statusPatch, "reservoir.io", "v1alpha1", Ns, "searches", "s1", cancellationToken: Ct);
        var mainPatch = new V1Patch("""{"status":{"phase":"Hacked"},"spec":{"algorithm":"cnn"}}""", V1Patch.PatchType.MergePatch);
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(mainPatch, "reservoir.io", "v1alpha1", Ns, "searches", "s1", cancellationToken: Ct);

        var stored = server.Get("reservoir.io/v1alpha1/searches", Ns, "s1")!;
        Assert.Equal("Running", stored["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("obs1", stored["spec"]!["observation"]!.GetValue<string>());
        Assert.Equal("cnn", stored["spec"]!["algorithm"]!.GetValue<string>());
        Assert.Equal("2", stored["metadata"]!["generation"]!.ToJsonString());
    }

    [Fact]
    public async Task Patch_JsonPatch_AppliesOperationsAndFailedTestIs422()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct);

        var ok = new V1Patch("""[{"op":"test","path":"/data/key","value":"v"},{"op":"add","path":"/data/new","value":"n"},{"op":"remove","path":"/data/key"}]""", V1Patch.PatchType.JsonPatch);
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(ok, "a", Ns, cancellationToken: Ct);
        var bad = new V1Patch("""[{"op":"test","path":"/data/new","value":"other"},{"op":"add","path":"/data/x","value":"x"}]""", V1Patch.PatchType.JsonPatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(bad, "a", Ns, cancellationToken: Ct));

        Assert.Equal(new Dictionary<string, string> { ["new"] = "n" }, patched.Data);
        Assert.Equal(422, (int)error.Response.StatusCode);
        Assert.False(server.Get("v1/configmaps", Ns, "a")!["data"]!.AsObject().ContainsKey("x"));
    }

    [Fact]
    public async Task Patch_StaleResourceVersionInMergePatch_Returns409()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"2"}}""", V1Patch.PatchType.MergePatch), "a", Ns, cancellationToken: Ct);

        var stale = new V1Patch($$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"key":"3"}}""", V1Patch.PatchType.MergePatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(stale, "a", Ns, cancellationToken: Ct));

        Assert.Equal(409, (int)error.Response.StatusCode);
        Assert.Equal("2", server.Get<V1ConfigMap>("v1/configmaps", Ns, "a")!.Data["key"]);
    }

    [Fact]
    public async Task Delete_Owner_GarbageCollectsDependentsRecursively()
    {
        await using var server = await WithSearches();
        var client = server.CreateClient();
        var search = (JsonElement)await CreateSearch(client, Search("s1"));
        var searchUid = search.GetProperty("metadata").GetProperty("uid").GetString()!;
        var job = TestObjects.Job("s1");
        job.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "reservoir.io/v1alpha1", Kind = "Search", Name = "s1", Uid = searchUid, Controller = true }];
        var createdJob = await client.BatchV1.CreateNamespacedJobAsync(job, Ns, cancellationToken: Ct);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "s1-abcde", OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "s1", Uid = createdJob.Metadata.Uid }] },
            Spec = job.Spec.Template.Spec,
        };
        await client.CoreV1.CreateNamespacedPodAsync(pod, Ns, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("unrelated"), Ns, cancellationToken: Ct);

        await client.CustomObjects.DeleteNamespacedCustomObjectAsync("reservoir.io", "v1alpha1", Ns, "searches", "s1", propagationPolicy: "Foreground", cancellationToken: Ct);

        Assert.Empty(server.List("batch/v1/jobs", Ns));
        Assert.Empty(server.List("v1/pods", Ns));
        Assert.Single(server.List("v1/configmaps", Ns));
    }

    [Fact]
    public async Task CreateCrdObject_RegistersTheResource()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "searches.reservoir.io" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "reservoir.io", Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "searches", Kind = "Search", Singular = "search" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1alpha1", Served = true, Storage = true,
                        Subresources = new V1CustomResourceSubresources { Status = new object() },
                    },
                ],
            },
        };

        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: Ct);
        await CreateSearch(client, Search("s1"));
        var established = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("searches.reservoir.io", cancellationToken: Ct);

        Assert.Contains(established.Status.Conditions, c => c is { Type: "Established", Status: "True" });
        Assert.Single(server.List("reservoir.io/v1alpha1/searches", Ns));
        Assert.Null(server.Get("searches", Ns, "s1")!["status"]);
    }

    [Fact]
    public async Task Authorizer_Refusing_Returns403StatusAndStoresNothing()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        server.Authorizer = r => !(r.Verb == "create" && r.Resource == "configmaps");
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct));
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Ns, cancellationToken: Ct);

        Assert.Equal(403, (int)error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Forbidden", status.Reason);
        Assert.Contains("cannot create resource \"configmaps\"", status.Message);
        Assert.Empty(list.Items);
    }
}
