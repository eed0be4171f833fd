using Reservoir.PubSub.Publishing;
using Xunit;

namespace Reservoir.PubSub.Tests.Publishing;

public sealed class PublishBatchesTests
{
    private static OutgoingMessage Bytes(int n) => new(new byte[n]);

    [Fact]
    public void Split_ByCount_ConsecutiveRangesOfAtMostTheBound()
    {
        var messages = Enumerable.Range(0, 25).Select(_ => Bytes(10)).ToList();

        var ranges = PublishBatches.Split(messages, new PublisherOptions { MaxBatchMessages = 10 });

        Assert.Equal([new Range(0, 10), new Range(10, 20), new Range(20, 25)], ranges);
    }

    [Fact]
    public void Split_ByBytes_NoRequestOverTheBoundAndNoneEmpty()
    {
        var sizes = new[] { 3000, 100, 5000, 2900, 10, 10, 7000, 1 };
        var messages = sizes.Select(Bytes).ToList();
        var options = new PublisherOptions { MaxBatchBytes = 10_000 };

        var ranges = PublishBatches.Split(messages, options);

        Assert.Equal(Enumerable.Range(0, sizes.Length), ranges.SelectMany(r => Enumerable.Range(r.Start.Value, r.End.Value - r.Start.Value)));
        foreach (var r in ranges)
        {
            Assert.True(r.End.Value > r.Start.Value);
            Assert.True(messages.Take(r).Sum(PublishBatches.EncodedSize) <= options.MaxBatchBytes);
        }
        // Greedy: each batch is full, i.e. the next message would not have fitted.
        for (var i = 0; i < ranges.Count - 1; i++)
            Assert.True(messages.Take(ranges[i]).Sum(PublishBatches.EncodedSize) + PublishBatches.EncodedSize(messages[ranges[i].End.Value]) > options.MaxBatchBytes);
    }

    [Fact]
    public void Split_MessageLargerThanBound_ThrowsNamingItsIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => PublishBatches.Split([Bytes(10), Bytes(20_000)], new PublisherOptions { MaxBatchBytes = 10_000 }));
        Assert.Contains("message 1", e.Message);
    }

    [Fact]
    public void Split_EmptyMessage_ThrowsNamingItsIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => PublishBatches.Split([Bytes(1), Bytes(1), Bytes(0)], new PublisherOptions()));
        Assert.Contains("message 2", e.Message);
    }

    [Fact]
    public void Split_AttributesOnly_Accepted()
    {
        var ranges = PublishBatches.Split([new OutgoingMessage(ReadOnlyMemory<byte>.Empty, new Dictionary<string, string> { ["a"] = "b" })], new PublisherOptions());
        Assert.Single(ranges);
    }
}
