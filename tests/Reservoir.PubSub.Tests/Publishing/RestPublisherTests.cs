using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Tests.Emulator;
using Reservoir.PubSub.Transport;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.PubSub.Tests.Publishing;

/// <summary>Publishing to the real emulator and pulling back what was published.</summary>
[Collection(PubSubEmulatorCollection.Name)]
public sealed class RestPublisherTests(PubSubEmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_ThenPull_ReceivesSameDataAttributesAndOrderingKeysInOrder()
    {
        using var scope = new EmulatorScope(emulator);
        await scope.CreateAsync(s => s with { EnableMessageOrdering = true });
        var publisher = scope.Client.CreatePublisher(scope.Topic);
        var binary = new byte[] { 0, 1, 2, 250, 255, 10, 13 };
        var sent = new List<OutgoingMessage>
        {
            OutgoingMessage.FromText("obs-1", new Dictionary<string, string> { ["algorithm"] = "energy-detection" }, "camera-a"),
            new(binary, new Dictionary<string, string> { ["kind"] = "binary", ["ü"] = "✓" }, "camera-b"),
            OutgoingMessage.FromText("{\"observation\":\"obs-2\"}", orderingKey: "camera-a"),
            OutgoingMessage.FromText("no key"),
        };

        var ids = await publisher.PublishAsync(sent, Ct);

        Assert.Equal(4, ids.Count);
        Assert.Equal(4, ids.Distinct().Count());
        var subscriber = scope.Subscriber();
        var got = await EmulatorScope.PullAtLeastAsync(subscriber, 4, TimeSpan.FromSeconds(20));
        Assert.Equal(4, got.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var m = Assert.Single(got, g => g.MessageId == ids[i]);
            Assert.Equal(sent[i].Data.ToArray(), m.Data);
            Assert.Equal(sent[i].Attributes ?? new Dictionary<string, string>(), m.Attributes);
            Assert.Equal(sent[i].OrderingKey, m.OrderingKey);
            Assert.NotNull(m.PublishTime);
        }
        var cameraA = got.Where(m => m.OrderingKey == "camera-a").Select(EmulatorScope.Text).ToList();
        Assert.Equal(["obs-1", "{\"observation\":\"obs-2\"}"], cameraA);
        await subscriber.AcknowledgeAsync(got.Select(m => m.AckId).ToList(), Ct);
    }

    [Fact]
    public async Task Publish_2500Messages_SentAsThreeRequestsOfAtMost1000AndAllReceivedOnce()
    {
        var counting = new CountingHandler();
        using var scope = new EmulatorScope(emulator, handler: counting);
        await scope.CreateAsync();
        var sent = Enumerable.Range(0, 2500).Select(i => OutgoingMessage.FromText($"m{i}")).ToList();

        var ids = await scope.Client.CreatePublisher(scope.Topic).PublishAsync(sent, Ct);

        Assert.Equal(3, counting.Count(":publish"));
        Assert.Equal(2500, ids.Distinct().Count());
        var subscriber = scope.Subscriber(new() { MaxOutstandingMessages = 3000 });
        var got = await EmulatorScope.PullAtLeastAsync(subscriber, 2500, TimeSpan.FromSeconds(60));
        Assert.Equal(sent.Select(m => System.Text.Encoding.UTF8.GetString(m.Data.Span)).Order(), got.Select(EmulatorScope.Text).Order());
        Assert.Equal(ids.Order(), got.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task Publish_MessagesOverTheByteBound_SplitByBytesAndEveryByteArrives()
    {
        var counting = new CountingHandler();
        using var scope = new EmulatorScope(emulator, handler: counting);
        await scope.CreateAsync();
        // 300 KB each, ~400 KB base64: a 1 MB bound holds two per request, so 7 messages take 4 requests.
        var sent = Enumerable.Range(0, 7).Select(i =>
        {
            var data = new byte[300_000];
            new Random(i).NextBytes(data);
            return new OutgoingMessage(data, new Dictionary<string, string> { ["i"] = i.ToString() });
        }).ToList();
        var publisher = scope.Client.CreatePublisher(scope.Topic, new PublisherOptions { MaxBatchBytes = 1_000_000 });

        var ids = await publisher.PublishAsync(sent, Ct);

        Assert.Equal(4, counting.Count(":publish"));
        var got = await EmulatorScope.PullAtLeastAsync(scope.Subscriber(), 7, TimeSpan.FromSeconds(30));
        Assert.Equal(7, got.Count);
        foreach (var m in got)
        {
            var i = int.Parse(m.Attributes["i"]);
            Assert.Equal(ids[i], m.MessageId);
            Assert.Equal(sent[i].Data.ToArray(), m.Data);
        }
    }

    [Fact]
    public async Task Publish_TopicMissing_FailsAtOnceNamingTopicAndNotFound()
    {
        var counting = new CountingHandler();
        using var scope = new EmulatorScope(emulator, handler: counting);

        var e = await Assert.ThrowsAsync<PubSubException>(() => scope.Client.CreatePublisher(scope.Topic).PublishAsync([OutgoingMessage.FromText("x")], Ct));

        Assert.True(e.IsNotFound);
        Assert.Contains(scope.Topic.Path, e.Message);
        Assert.Contains("404", e.Message);
        Assert.Equal(1, counting.Count(":publish"));
    }
}
