using Reservoir.FakeKubernetes.Faults;
using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Support;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Operator.Tests.Reliability;

/// <summary>
/// The API server answering 429 (with Retry-After), 500 and hanging requests (then 504) at random, on every verb and
/// resource, for the operator and the kubelet alike: the operator converges to the same exact outcome as without faults.
/// </summary>
[Collection(OperatorEndToEndCollection.Name)]
public sealed class ApiFaultTests(PubSubEmulatorFixture emulator)
{
    private const int Count = 60;

    [Fact]
    public async Task ApiServer_RandomThrottlingErrorsAndTimeouts_EveryObservationSucceededOnceWithOneJob()
    {
        await using var harness = await OperatorHarness.StartAsync(emulator, new OperatorHarnessOptions { Algorithms = [new TestAlgorithm("fast", TestImages.Fast)] });
        harness.Api.Faults = new FaultPlan(seed: 4)
            .Add(new FaultRule { Kind = FaultKind.TooManyRequests, Probability = 0.12, Count = 80, RetryAfter = TimeSpan.FromSeconds(1) })
            .Add(new FaultRule { Kind = FaultKind.InternalError, Probability = 0.12, Count = 80 })
            .Add(new FaultRule { Kind = FaultKind.Timeout, Probability = 0.03, Count = 10, Delay = TimeSpan.FromSeconds(3) });
        var observations = Enumerable.Range(0, Count).Select(i => $"faults-{i:D2}").ToList();
        harness.StartOperator("replica-a");
        await harness.PublishAsync(observations.Select(o => OperatorHarness.Request(o, "fast")).ToList());

        await harness.WaitAllFinalAsync(Count);
        var searches = harness.Searches();
        Assert.Equal(observations, searches.Select(s => s.Spec.Observation).Order());
        Assert.All(searches, s => Assert.Equal((SearchPhase.Succeeded, (long?)TestImages.FastHits), (s.Status?.Phase, s.Status?.Hits)));
        Assert.Equal(searches.Select(s => s.Metadata.Name).Order(), harness.Jobs().Select(j => j.Metadata.Name).Order());
        Assert.Equal(Count, harness.OperatorRequests().Count(r => r is { Resource: "jobs", Verb: "create", StatusCode: 201 }));
        Assert.Equal(observations, harness.Runs().Order());

        // The faults really hit the operator, on its writes as well as its reads.
        var faulted = harness.OperatorRequests().Where(r => r.Fault is not null).ToList();
        Assert.Contains(faulted, r => r.Verb == "create");
        Assert.Contains(faulted, r => r.StatusCode == 429);
        Assert.Contains(faulted, r => r.StatusCode == 500);
        Assert.Empty(await harness.PullAsync(harness.DeadSubscription, 0, settle: TimeSpan.FromSeconds(2)));
    }
}
