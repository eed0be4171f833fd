using k8s;
using k8s.Models;
using Xunit;
using Reservoir.Operator.Reconcile.Jobs;
using Reservoir.Operator.Reconcile.Watching;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Tests.Reconcile.Watching;

public sealed class CacheProjectionsTests
{
    private const string Name = "obs-1-energy-detection-0a1b2c3d4e";

    [Fact]
    public void Job_Projected_KeepsWhatTheReconcilerReads()
    {
        var job = Read<V1Job>(JobJson(Name, "uid-s1", "Failed"));

        var projected = new CacheProjections().Job(job);

        Assert.Equal((job.Metadata.NamespaceProperty, Name, job.Metadata.ResourceVersion, Name, "energy-detection", "img:1"),
            (projected.Namespace, projected.Name, projected.ResourceVersion, projected.Search, projected.Algorithm, projected.Image));
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(job.Metadata.CreationTimestamp!.Value, DateTimeKind.Utc)), projected.CreatedAt);
        Assert.True(JobLauncher.IsOwnedBy(projected, new SearchResource { Metadata = new V1ObjectMeta { Uid = "uid-s1" } }));
        Assert.False(JobLauncher.IsOwnedBy(projected, new SearchResource { Metadata = new V1ObjectMeta { Uid = "uid-other" } }));
        Assert.Equal(JobOutcome.Of(job), projected.Outcome);
        Assert.Equal((JobState.Failed, 3, "BackoffLimitExceeded"), (projected.Outcome.State, projected.Outcome.Attempts, projected.Outcome.FailureReason));
    }

    [Fact]
    public void Job_WithoutSearchOwner_IsOwnedByNoSearch()
    {
        var job = Read<V1Job>(JobJson(Name, "uid-s1", "Complete"));
        job.Metadata.OwnerReferences[0].Kind = "CronJob";

        var projected = new CacheProjections().Job(job);

        Assert.Null(projected.OwnerSearchUid);
        Assert.False(JobLauncher.IsOwnedBy(projected, new SearchResource { Metadata = new V1ObjectMeta { Uid = "uid-s1" } }));
    }

    [Fact]
    public void Job_TwoObjects_ShareRepeatedStringsAndReuseTheName()
    {
        var projections = new CacheProjections();
        var one = projections.Job(Read<V1Job>(JobJson(Name, "uid-1", "Failed")));
        var two = projections.Job(Read<V1Job>(JobJson("other-" + Name, "uid-2", "Failed")));

        Assert.Same(one.Namespace, two.Namespace);
        Assert.Same(one.Algorithm, two.Algorithm);
        Assert.Same(one.Image, two.Image);
        Assert.Same(one.Outcome.FailureReason, two.Outcome.FailureReason);
        Assert.Same(one.Name, one.Search);
    }

    [Fact]
    public void Search_Projected_KeepsSpecStatusAndTheAnnotationsRead()
    {
        var json = SearchJson(Name, "Succeeded", "done");
        var original = Read<SearchResource>(json);

        var projected = new CacheProjections().Search(Read<SearchResource>(json));

        Assert.Null(projected.Metadata.Labels);
        Assert.Null(projected.Metadata.ManagedFields);
        Assert.Equal(new Dictionary<string, string> { [SearchCrd.PublishedAtAnnotation] = "2025-01-01T00:00:00.0000000Z", ["reservoir.io/notified"] = "Succeeded" },
            projected.Metadata.Annotations);
        Assert.Equal((original.Metadata.Name, original.Metadata.NamespaceProperty, original.Metadata.Uid, original.Metadata.ResourceVersion, original.Metadata.Generation),
            (projected.Metadata.Name, projected.Metadata.NamespaceProperty, projected.Metadata.Uid, projected.Metadata.ResourceVersion, projected.Metadata.Generation));
        Assert.Equal(KubernetesJson.Serialize(original.Spec), KubernetesJson.Serialize(projected.Spec));
        Assert.Equal(KubernetesJson.Serialize(original.Status), KubernetesJson.Serialize(projected.Status));
    }

    [Fact]
    public void Search_TwoObjects_ShareUnfinishedMessagesButNotFinalOnes()
    {
        var projections = new CacheProjections();
        var pending = new[] { SearchJson("a", "Pending", "job created, waiting for its pod"), SearchJson("b", "Pending", "job created, waiting for its pod") }
            .Select(j => projections.Search(Read<SearchResource>(j))).ToArray();
        var failed = new[] { SearchJson("c", "Failed", "bad input (exit 2): x"), SearchJson("d", "Failed", "bad input (exit 2): x") }
            .Select(j => projections.Search(Read<SearchResource>(j))).ToArray();

        Assert.Same(pending[0].Status!.Message, pending[1].Status!.Message);
        Assert.Same(pending[0].Spec.Algorithm, pending[1].Spec.Algorithm);
        Assert.Same(pending[0].ApiVersion, failed[1].ApiVersion);
        Assert.Same(pending[0].Metadata.Name, pending[0].Status!.JobName);
        Assert.NotSame(failed[0].Status!.Message, failed[1].Status!.Message);
    }

    private static T Read<T>(string json) => KubernetesJson.Deserialize<T>(json);

    private static string JobJson(string name, string ownerUid, string condition) => $$$$"""
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"{{{{name}}}}","namespace":"science","uid":"j-{{{{name}}}}","resourceVersion":"7","creationTimestamp":"2025-01-01T00:00:00Z",
          "labels":{"reservoir.io/search":"{{{{name}}}}","reservoir.io/algorithm":"energy-detection","app.kubernetes.io/name":"reservoir-runner"},
          "annotations":{"reservoir.io/image":"img:1"},
          "managedFields":[{"manager":"reservoir-operator","operation":"Update"}],
          "ownerReferences":[{"apiVersion":"reservoir.io/v1alpha1","kind":"Search","name":"{{{{name}}}}","uid":"{{{{ownerUid}}}}","controller":true}]},
         "spec":{"backoffLimit":2,"template":{"spec":{"containers":[{"name":"runner","image":"img:1"}],"restartPolicy":"Never"}}},
         "status":{"failed":3,"uncountedTerminatedPods":{},"conditions":[{"type":"{{{{condition}}}}","status":"True","reason":"BackoffLimitExceeded","message":"m"}]}}
        """;

    private static string SearchJson(string name, string phase, string message) => $$$$"""
        {"apiVersion":"reservoir.io/v1alpha1","kind":"Search","metadata":{"name":"{{{{name}}}}","namespace":"science","uid":"s-{{{{name}}}}","resourceVersion":"3","generation":1,
          "labels":{"reservoir.io/algorithm":"energy-detection","reservoir.io/observation":"obs-1"},
          "annotations":{"reservoir.io/published-at":"2025-01-01T00:00:00.0000000Z","reservoir.io/message-id":"42","reservoir.io/notified":"{{{{phase}}}}"},
          "managedFields":[{"manager":"reservoir-operator","operation":"Update"}]},
         "spec":{"observation":"obs-1","input":"gs://in/obs-1.h5","algorithm":"energy-detection","params":{"threshold":"2048"},"output":"gs://out"},
         "status":{"phase":"{{{{phase}}}}","attempts":1,"jobName":"{{{{name}}}}","image":"img:1","message":"{{{{message}}}}","observedGeneration":1}}
        """;
}
