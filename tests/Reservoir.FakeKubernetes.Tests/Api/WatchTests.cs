using k8s;
using k8s.Models;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Api;

public sealed class WatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysLaterChangesThenLiveOnes()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var a = await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), TestObjects.Namespace, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("b"), TestObjects.Namespace, cancellationToken: Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(Generous);

        var seen = new List<(WatchEventType, string)>();
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(TestObjects.Namespace,
            resourceVersion: a.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            seen.Add((type, item.Metadata.Name));
            if (seen.Count == 1) await client.CoreV1.DeleteNamespacedConfigMapAsync("a", TestObjects.Namespace, cancellationToken: Ct);
            if (seen.Count == 2) break;
        }

        Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Deleted, "a")], seen);
    }
}
