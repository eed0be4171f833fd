using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Support;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Operator.Tests.Reliability;

/// <summary>
/// The runner's exit codes through the whole operator: 2 (bad input) fails the Search at once, 1 is retried up to
/// the registry's backoffLimit; both end Failed with the runner's reason, announced and dead-lettered.
/// </summary>
[Collection(OperatorEndToEndCollection.Name)]
public sealed class RunnerExitCodeTests(PubSubEmulatorFixture emulator)
{
    [Fact]
    public async Task RunnerExit2_FailedWithoutRetry_Exit1_RetriedToBackoffLimitThenFailed_BothDeadLettered()
    {
        await using var harness = await OperatorHarness.StartAsync(emulator, new OperatorHarnessOptions
        {
            Algorithms = [new TestAlgorithm("bad-input", TestImages.BadInput, BackoffLimit: 2), new TestAlgorithm("flaky", TestImages.Flaky, BackoffLimit: 2)],
        });
        harness.StartOperator("replica-a");
        await harness.PublishAsync([OperatorHarness.Request("exit-2", "bad-input"), OperatorHarness.Request("exit-1", "flaky")]);

        await harness.WaitAllFinalAsync(2);
        var byObservation = harness.Searches().ToDictionary(s => s.Spec.Observation);
        var terminal = byObservation["exit-2"].Status!;
        Assert.Equal(SearchPhase.Failed, terminal.Phase);
        Assert.Equal(1, terminal.Attempts);
        Assert.Contains(TestImages.BadInputReason, terminal.Message);
        var retried = byObservation["exit-1"].Status!;
        Assert.Equal(SearchPhase.Failed, retried.Phase);
        Assert.Equal(3, retried.Attempts); // the first run and backoffLimit (2) retries
        Assert.Contains(TestImages.FlakyReason, retried.Message);

        Assert.Equal(["exit-1", "exit-1", "exit-1", "exit-2"], harness.Runs().Order());
        Assert.Equal(2, harness.Jobs().Count);
        Assert.Equal(4, harness.Pods().Count);

        var dead = await harness.PullAsync(harness.DeadSubscription, 2, settle: TimeSpan.FromSeconds(2));
        Assert.Equal(["exit-1", "exit-2"], dead.Select(m => m.Attributes["observation"]).Order());
        Assert.Contains(TestImages.BadInputReason, dead.Single(m => m.Attributes["observation"] == "exit-2").Attributes["reason"]);
        Assert.Contains(TestImages.FlakyReason, dead.Single(m => m.Attributes["observation"] == "exit-1").Attributes["reason"]);
        var results = await harness.PullAsync(harness.ResultsSubscription, 2, settle: TimeSpan.FromSeconds(1));
        Assert.All(results, m => Assert.Equal(SearchPhase.Failed, m.Attributes["phase"]));
    }
}
