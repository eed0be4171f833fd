using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Support;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Operator.Tests.Reliability;

/// <summary>
/// The operator SIGKILLed in the middle of a run of 200 observations (a separate process: no Lease release, pulled
/// messages neither acked nor nacked) and a new replica started: every observation ends Succeeded, with exactly one
/// Job, one pod run and one result set each.
/// </summary>
[Collection(OperatorEndToEndCollection.Name)]
public sealed class OperatorRestartTests(PubSubEmulatorFixture emulator)
{
    private const int Count = 200;

    [Fact]
    public async Task Operator_KilledMidRunAndRestarted_EveryObservationSucceededOnceWithOneJob()
    {
        await using var harness = await OperatorHarness.StartAsync(emulator, new OperatorHarnessOptions
        {
            Algorithms = [new TestAlgorithm("fast", TestImages.Fast)],
        });
        var observations = Enumerable.Range(0, Count).Select(i => $"restart-{i:D3}").ToList();
        var first = harness.StartOperator("replica-a");
        await harness.PublishAsync(observations.Select(o => OperatorHarness.Request(o, "fast")).ToList());

        // Kill while work is in flight: some Searches done, the rest still to be created, launched or finished.
        await harness.WaitUntilAsync(() => harness.Searches().Count(s => s.Status?.Phase == SearchPhase.Succeeded) >= 20, "the first 20 Searches to succeed");
        first.Kill();
        var doneAtKill = harness.Searches().Count(s => s.Status?.Phase == SearchPhase.Succeeded);
        harness.StartOperator("replica-b");

        await harness.WaitAllFinalAsync(Count);
        var searches = harness.Searches();
        var seen = searches.Select(s => s.Spec.Observation).ToList();
        Assert.True(observations.SequenceEqual(seen.Order()),
            $"{seen.Count} Searches; missing: {string.Join(",", observations.Except(seen))}; twice: {string.Join(",", seen.GroupBy(o => o).Where(g => g.Count() > 1).Select(g => g.Key))}; other: {string.Join(",", seen.Except(observations))}");
        Assert.All(searches, s =>
        {
            Assert.Equal(SearchPhase.Succeeded, s.Status!.Phase);
            Assert.Equal(TestImages.FastHits, s.Status.Hits);
            Assert.Equal(TestImages.Fast, s.Status.Image);
        });
        Assert.True(doneAtKill < Count, $"the kill came after all {Count} Searches had finished: nothing was in flight");

        // One Job per Search (named as it), created once; one pod run and one manifest per observation.
        Assert.Equal(searches.Select(s => s.Metadata.Name).Order(), harness.Jobs().Select(j => j.Metadata.Name).Order());
        Assert.Equal(Count, harness.OperatorRequests().Count(r => r is { Resource: "jobs", Verb: "create", StatusCode: 201 }));
        Assert.Equal(Count, Directory.GetFiles(harness.Output, "manifest.json", SearchOption.AllDirectories).Length);
        var runs = harness.Runs();
        Assert.True(observations.SequenceEqual(runs.Order()), $"runs: {runs.Count}, missing: {string.Join(",", observations.Except(runs))}, twice: {string.Join(",", runs.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key))}; pods: {harness.Pods().Count}\n{harness.Diagnostics()}");

        // Every observation announced on the results topic (at least once: a replica killed between publishing and
        // recording the notice publishes it again); nothing dead-lettered.
        var results = await harness.PullUntilAsync(harness.ResultsSubscription,
            got => got.Select(m => m.Attributes["observation"]).Distinct().Count() == Count, $"a completion for each of {Count} observations");
        Assert.Equal(observations, results.Select(m => m.Attributes["observation"]).Distinct().Order());
        Assert.All(results, m => Assert.Equal(SearchPhase.Succeeded, m.Attributes["phase"]));
        Assert.Empty(await harness.PullAsync(harness.DeadSubscription, 0, settle: TimeSpan.FromSeconds(2)));
    }
}
