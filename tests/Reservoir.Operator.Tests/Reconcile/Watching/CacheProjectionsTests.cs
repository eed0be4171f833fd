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
    public void Job_Projected_KeepsWhatTheReconcilerReadsAndDropsTheRest()
    {
        var job = Read<V1Job>(JobJson(Name, "uid-s1", "Failed"));

        var projected = new CacheProjections().Job(job);

        Assert.Null(projected.Spec);
        Assert.Null(projected.Metadata.ManagedFields);
        Assert.Equal(new Dictionary<string, string> { [SearchCrd.SearchLabel] = Name, [SearchCrd.AlgorithmLabel] = "energy-detection" }, projected.Metadata.Labels);
        Assert.Equal("img:1", projected.Metadata.Annotations![SearchCrd.ImageAnnotation]);
        Assert.True(JobLauncher.IsOwnedBy(projected, new SearchResource { Metadata = new V1ObjectMeta { Uid = "uid-s1" } }));
        var outcome = JobOutcome.Of(projected);
        Assert.Equal((JobState.Failed, 3, "BackoffLimitExceeded"), (outcome.State, outcome.Attempts, outcome.FailureReason));
    }

    [Fact]
    public void Job_TwoObjects_ShareRepeatedStringsAndReuseTheName()
    {
        var projections = new CacheProjections();
        var one = projections.Job(Read<V1Job>(JobJson(Name, "uid-1", "Complete")));
        var two = projections.Job(Read<V1Job>(JobJson("other-" + Name, "uid-2", "Complete")));

        Assert.Same(one.Metadata.NamespaceProperty, two.Metadata.NamespaceProperty);
        Assert.Same(one.Metadata.Labels![SearchCrd.AlgorithmLabel], two.Metadata.Labels![SearchCrd.AlgorithmLabel]);
        Assert.Same(one.Metadata.Annotations![SearchCrd.ImageAnnotation], two.Metadata.Annotations![SearchCrd.ImageAnnotation]);
        Assert.Same(one.Status.Conditions[0].Type, two.Status.Conditions[0].Type);
        Assert.Same(one.Metadata.Name, one.Metadata.Labels[SearchCrd.SearchLabel]);
        Assert.Same(one.Metadata.Annotations.Keys.Single(), two.Metadata.Annotations.Keys.Single());
        Assert.Same(one.Metadata.Name, one.Metadata.OwnerReferences[0].Name);
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
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"{{{{name}}}}","namespace":"science","uid":"j-{{{{name}}}}","resourceVersion":"7",
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
