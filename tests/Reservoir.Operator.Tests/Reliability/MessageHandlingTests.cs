using Reservoir.Operator.Intake;
using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Support;
using Reservoir.PubSub.Publishing;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Operator.Tests.Reliability;

/// <summary>Duplicated and poison messages through the whole operator: duplicates are harmless, poison never launches anything.</summary>
[Collection(OperatorEndToEndCollection.Name)]
public sealed class MessageHandlingTests(PubSubEmulatorFixture emulator)
{
    [Fact]
    public async Task DuplicatedMessages_OneSearchOneJobOneRunEach()
    {
        await using var harness = await OperatorHarness.StartAsync(emulator, new OperatorHarnessOptions { Algorithms = [new TestAlgorithm("fast", TestImages.Fast)] });
        harness.StartOperator("replica-a");
        var sameRequestOtherText = OutgoingMessage.FromText("""{"algorithms": ["fast"], "input": "/data/dup-1.h5", "observation": "dup-1"}""");
        await harness.PublishAsync([
            OperatorHarness.Request("dup-1", "fast"), OperatorHarness.Request("dup-1", "fast"), sameRequestOtherText,
            OperatorHarness.Request("dup-2", "fast"), OperatorHarness.Request("dup-2", "fast"),
        ]);

        // Every message reached the API server as a create (201 for the first of each, 409 AlreadyExists for the rest).
        await harness.WaitUntilAsync(() => harness.OperatorRequests().Count(r => r is { Resource: "searches", Verb: "create", StatusCode: 201 or 409 }) >= 5, "5 Search creates");
        await harness.WaitAllFinalAsync(2);

        Assert.Equal(["dup-1", "dup-2"], harness.Searches().Select(s => s.Spec.Observation).Order());
        Assert.All(harness.Searches(), s => Assert.Equal(SearchPhase.Succeeded, s.Status?.Phase));
        Assert.Equal(2, harness.OperatorRequests().Count(r => r is { Resource: "searches", Verb: "create", StatusCode: 201 }));
        Assert.Equal(2, harness.Jobs().Count);
        Assert.Equal(["dup-1", "dup-2"], harness.Runs().Order());
        Assert.Empty(await harness.PullAsync(harness.DeadSubscription, 0, settle: TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task PoisonMessages_DeadLetteredWithReason_NothingLaunched()
    {
        await using var harness = await OperatorHarness.StartAsync(emulator, new OperatorHarnessOptions { Algorithms = [new TestAlgorithm("fast", TestImages.Fast)] });
        harness.StartOperator("replica-a");
        const string badJson = "{not json";
        const string badId = """{"observation": "bad id/../x", "algorithms": ["fast"]}""";
        const string unknown = """{"observation": "obs-1", "input": "/data/obs-1.h5", "algorithms": ["no-such-algorithm"]}""";
        await harness.PublishAsync([
            OutgoingMessage.FromText(badJson), OutgoingMessage.FromText(badId), OutgoingMessage.FromText(unknown),
            OperatorHarness.Request("good-1", "fast"),
        ]);

        var dead = (await harness.PullAsync(harness.DeadSubscription, 3, settle: TimeSpan.FromSeconds(3))).ToDictionary(m => m.Text);
        Assert.Equal(new[] { badId, badJson, unknown }.Order(StringComparer.Ordinal), dead.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not valid JSON", dead[badJson].Attributes["reason"]);
        Assert.Equal(IntakeFailureKind.Malformed, dead[badId].Attributes["reason-kind"]);
        Assert.Contains("bad id/../x", dead[badId].Attributes["reason"]);
        Assert.Equal(IntakeFailureKind.UnknownAlgorithm, dead[unknown].Attributes["reason-kind"]);
        Assert.Contains("no-such-algorithm", dead[unknown].Attributes["reason"]);

        // The good message behind them went through; the poison created nothing.
        await harness.WaitAllFinalAsync(1);
        Assert.Equal(["good-1"], harness.Searches().Select(s => s.Spec.Observation));
        Assert.Equal(SearchPhase.Succeeded, harness.Searches().Single().Status?.Phase);
        Assert.Single(harness.Jobs());
        Assert.Equal(["good-1"], harness.Runs());
        Assert.Equal(1, harness.OperatorRequests().Count(r => r is { Resource: "searches", Verb: "create" }));
    }
}
