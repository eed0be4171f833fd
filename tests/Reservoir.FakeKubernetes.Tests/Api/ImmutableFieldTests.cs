using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Api;

public sealed class ImmutableFieldTests
{
    private const string Ns = TestObjects.Namespace;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReplaceJob_ChangedTemplateImage_Returns422ButOtherSpecFieldsChange()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var job = await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job("j"), Ns, cancellationToken: Ct);

        job.Spec.Template.Spec.Containers[0].Image = "busybox:2";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.BatchV1.ReplaceNamespacedJobAsync(job, "j", Ns, cancellationToken: Ct));
        var fresh = await client.BatchV1.ReadNamespacedJobAsync("j", Ns, cancellationToken: Ct);
        fresh.Spec.ActiveDeadlineSeconds = 30;
        var replaced = await client.BatchV1.ReplaceNamespacedJobAsync(fresh, "j", Ns, cancellationToken: Ct);

        Assert.Equal(422, (int)error.Response.StatusCode);
        Assert.Contains("spec.template", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message);
        Assert.Equal(30, replaced.Spec.ActiveDeadlineSeconds);
        Assert.Equal("busybox", replaced.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task PatchPod_ChangedCommand_Returns422()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = TestObjects.Job("x").Spec.Template.Spec };
        await client.CoreV1.CreateNamespacedPodAsync(pod, Ns, cancellationToken: Ct);

        var patch = new V1Patch("""{"spec":{"restartPolicy":"Always"}}""", V1Patch.PatchType.MergePatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedPodAsync(patch, "p", Ns, cancellationToken: Ct));

        Assert.Equal(422, (int)error.Response.StatusCode);
    }

    [Fact]
    public async Task DeleteJob_NoPropagationPolicy_OrphansPodsLikeTheRealDefault()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var job = await client.BatchV1.CreateNamespacedJobAsync(TestObjects.Job("j"), Ns, cancellationToken: Ct);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "j-abcde", OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "j", Uid = job.Metadata.Uid }] },
            Spec = job.Spec.Template.Spec,
        };
        await client.CoreV1.CreateNamespacedPodAsync(pod, Ns, cancellationToken: Ct);

        await client.BatchV1.DeleteNamespacedJobAsync("j", Ns, cancellationToken: Ct);

        var orphan = Assert.Single(server.List<V1Pod>("v1/pods", Ns));
        Assert.Null(orphan.Metadata.OwnerReferences);
    }
}
