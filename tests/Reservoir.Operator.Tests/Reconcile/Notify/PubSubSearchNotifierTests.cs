using Xunit;
using System.Text;
using System.Text.Json;
using Reservoir.Operator.Reconcile.Notify;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;

namespace Reservoir.Operator.Tests.Reconcile.Notify;

public sealed class PubSubSearchNotifierTests
{
    private sealed class RecordingPublisher(string topic) : IPublisher
    {
        public List<OutgoingMessage> Sent { get; } = [];
        public TopicName Topic { get; } = new("proj", topic);

        public Task<IReadOnlyList<string>> PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default)
        {
            lock (Sent) Sent.AddRange(messages);
            return Task.FromResult<IReadOnlyList<string>>([.. messages.Select((_, i) => i.ToString())]);
        }
    }

    private static SearchCompletion Completion(string phase, string? message = null, string? reason = null) =>
        new("obs-1-ed-abc", "reservoir", "obs-1", "energy-detection", phase, phase == "Succeeded" ? 4 : null,
            phase == "Succeeded" ? "gs://b/obs-1/energy-detection/" : null, message, "reg/ed:1", reason);

    [Fact]
    public async Task NotifyAsync_Succeeded_ResultsOnlyWithFields()
    {
        var results = new RecordingPublisher("results");
        var dead = new RecordingPublisher("dead");

        await new PubSubSearchNotifier(results, dead).NotifyAsync(Completion("Succeeded"), TestContext.Current.CancellationToken);

        Assert.Empty(dead.Sent);
        var message = Assert.Single(results.Sent);
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(message.Data.Span));
        Assert.Equal("obs-1", json.RootElement.GetProperty("observation").GetString());
        Assert.Equal("Succeeded", json.RootElement.GetProperty("phase").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("hits").GetInt64());
        Assert.Equal("gs://b/obs-1/energy-detection/", json.RootElement.GetProperty("resultUri").GetString());
        Assert.Equal("reg/ed:1", json.RootElement.GetProperty("image").GetString());
        Assert.Equal("energy-detection", message.Attributes!["algorithm"]);
    }

    [Fact]
    public async Task NotifyAsync_Failed_AlsoDeadLetterWithReason()
    {
        var results = new RecordingPublisher("results");
        var dead = new RecordingPublisher("dead");

        await new PubSubSearchNotifier(results, dead).NotifyAsync(Completion("Failed", "bad input (exit 2): truncated", "PodFailurePolicy"), TestContext.Current.CancellationToken);

        Assert.Single(results.Sent);
        var letter = Assert.Single(dead.Sent);
        Assert.Equal("bad input (exit 2): truncated", letter.Attributes!["reason"]);
        Assert.Equal("PodFailurePolicy", letter.Attributes["failure"]);
    }

    [Fact]
    public async Task NotifyAsync_NoResultsTopic_FailedGoesToDeadLetterOnly()
    {
        var dead = new RecordingPublisher("dead");
        await new PubSubSearchNotifier(null, dead).NotifyAsync(Completion("Failed", "x"), TestContext.Current.CancellationToken);
        await new PubSubSearchNotifier(null, dead).NotifyAsync(Completion("Succeeded"), TestContext.Current.CancellationToken);
        Assert.Single(dead.Sent);
    }
}
