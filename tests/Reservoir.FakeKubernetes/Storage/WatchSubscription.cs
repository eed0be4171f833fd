using System.Threading.Channels;
using Reservoir.FakeKubernetes.Api;

namespace Reservoir.FakeKubernetes.Storage;

/// <summary>A live watch's feed of store events for one resource type (optionally one namespace).</summary>
internal sealed class WatchSubscription(ResourceType type, string? ns)
{
    private readonly Channel<StoredEvent> _events = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<StoredEvent> Events => _events.Reader;

    public void Offer(StoredEvent e)
    {
        if (e.Resource != type) return;
        if (ns is not null && e.Object["metadata"]?["namespace"]?.GetValue<string>() != ns) return;
        _events.Writer.TryWrite(e);
    }
}
