using Reservoir.FakeKubernetes.Faults;
using Reservoir.Operator.Intake;
using Reservoir.Operator.Resources;
using Reservoir.PubSub.Publishing;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Operator.Tests.Intake;

/// <summary>SearchIntake between the real Pub/Sub emulator and the fake API server.</summary>
[Collection(OperatorEmulatorCollection.Name)]
public sealed class SearchIntakeTests(PubSubEmulatorFixture emulator)
{
    private static OutgoingMessage Text(string text, Dictionary<string, string>? attributes = null) => OutgoingMessage.FromText(text, attributes);

    [Fact]
    public async Task Messages_BecomeSearchesWithLabelsAndAnnotations_ThenAcked()
    {
        await using var h = await IntakeHarness.StartAsync(emulator);
        await h.PublishAsync(
            Text("obs-a"),
            Text("""{"observation": "obs-b", "algorithms": ["energy-detection", "cnn-classifier"], "params": {"cnn-classifier": {"model": "vgg16"}}}"""),
            Text("obs+c", new() { ["algorithm"] = "cnn-classifier", ["input"] = "gs://elsewhere/c.fil" }));

        await IntakeHarness.WaitForAsync(() => h.Observer.Acks == 3, "3 acks");
        var searches = h.Searches();
        Assert.Equal(4, searches.Count);
        Assert.Equal(4, h.Observer.Created);

        var a = searches.Single(s => s.Spec.Observation == "obs-a");
        Assert.Equal(("energy-detection", "gs://observations/obs-a.h5", "gs://results"), (a.Spec.Algorithm, a.Spec.Input, a.Spec.Output));
        Assert.Equal("obs-a", a.Metadata.Labels[SearchCrd.ObservationLabel]);
        Assert.Equal("energy-detection", a.Metadata.Labels[SearchCrd.AlgorithmLabel]);
        Assert.False(string.IsNullOrEmpty(a.Metadata.Annotations[SearchCrd.MessageIdAnnotation]));
        var published = DateTimeOffset.Parse(a.Metadata.Annotations[SearchCrd.PublishedAtAnnotation]);
        Assert.InRange(published, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));

        var cnn = searches.Single(s => s.Spec.Observation == "obs-b" && s.Spec.Algorithm == "cnn-classifier");
        Assert.Equal("vgg16", cnn.Spec.Params["model"]);
        Assert.Empty(searches.Single(s => s.Spec.Observation == "obs-b" && s.Spec.Algorithm == "energy-detection").Spec.Params);

        var c = searches.Single(s => s.Spec.Observation == "obs+c");
        Assert.Equal(("cnn-classifier", "gs://elsewhere/c.fil"), (c.Spec.Algorithm, c.Spec.Input));
        Assert.False(c.Metadata.Labels.ContainsKey(SearchCrd.ObservationLabel)); // '+' is not allowed in label values

        Assert.Empty(await h.DeadLettersAsync(1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task DuplicateMessages_OneSearch_AllAcked()
    {
        await using var h = await IntakeHarness.StartAsync(emulator);
        await h.PublishAsync(Text("dup-1"), Text("dup-1"), Text("""{"observation": "dup-1"}"""));
        await IntakeHarness.WaitForAsync(() => h.Observer.Acks == 3, "3 acks");
        Assert.Single(h.Searches());
        Assert.Equal((1, 2), (h.Observer.Created, h.Observer.Existing));
    }

    [Fact]
    public async Task PoisonMessages_DeadLetteredWithReason_NothingCreated()
    {
        await using var h = await IntakeHarness.StartAsync(emulator);
        await h.PublishAsync(
            Text("{not json", new() { ["source"] = "test" }),
            Text("bad id with spaces"),
            Text("""{"observation": "ok-1", "algorithms": ["no-such-algorithm"]}"""));

        var dead = await h.DeadLettersAsync(3);
        Assert.Equal(3, dead.Count);
        var byBody = dead.ToDictionary(m => m.Text);
        Assert.Contains("not valid JSON", byBody["{not json"].Attributes["reason"]);
        Assert.Equal("test", byBody["{not json"].Attributes["source"]); // original attributes kept
        Assert.Equal(IntakeFailureKind.Malformed, byBody["bad id with spaces"].Attributes["reason-kind"]);
        var unknown = byBody["""{"observation": "ok-1", "algorithms": ["no-such-algorithm"]}"""];
        Assert.Equal(IntakeFailureKind.UnknownAlgorithm, unknown.Attributes["reason-kind"]);
        Assert.Contains("unknown algorithm 'no-such-algorithm' (known: cnn-classifier, energy-detection)", unknown.Attributes["reason"]);
        Assert.False(string.IsNullOrEmpty(unknown.Attributes["original-message-id"]));

        await IntakeHarness.WaitForAsync(() => h.Observer.DeadLetterAcks == 3, "3 dead-letter acks");
        Assert.Empty(h.Searches());
        Assert.Equal(0, h.Observer.Created);
    }

    [Fact]
    public async Task ApiServerErrors_MessageRedelivered_SearchCreatedOnce()
    {
        await using var h = await IntakeHarness.StartAsync(emulator);
        h.Api.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Verb = "create", Resource = "searches", Count = 3 });
        h.Api.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Verb = "create", Resource = "searches", Count = 1 });
        await h.PublishAsync(Text("flaky-1"));

        await IntakeHarness.WaitForAsync(() => h.Observer.Acks == 1, "the message to be acked after the faults");
        Assert.Equal(4, h.Observer.Redeliveries);
        Assert.Equal("flaky-1", Assert.Single(h.Searches()).Spec.Observation);
        Assert.Empty(await h.DeadLettersAsync(1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task ManyMessages_FlowControlled_AllBecomeSearches()
    {
        await using var h = await IntakeHarness.StartAsync(emulator, o => o with { MaxMessagesPerPull = 7, Concurrency = 4 });
        var messages = Enumerable.Range(0, 60).Select(i => Text($"bulk-{i:D3}")).ToArray();
        await h.PublishAsync(messages);
        await IntakeHarness.WaitForAsync(() => h.Observer.Acks >= 60, "60 acks");
        Assert.Equal(60, h.Searches().Select(s => s.Spec.Observation).Distinct().Count());
        Assert.Equal(60, h.Observer.Created); // each observation's Search created exactly once
    }
}
