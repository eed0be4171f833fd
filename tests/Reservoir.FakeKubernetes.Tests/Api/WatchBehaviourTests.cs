using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Reservoir.FakeKubernetes.Tests.Api;

public sealed class WatchBehaviourTests
{
    private const string Ns = TestObjects.Namespace;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CancellationTokenSource Generous()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        return cts;
    }

    [Fact]
    public async Task Watch_AfterCompaction_OldResourceVersionGets410Expired()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        var a = await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("b"), Ns, cancellationToken: Ct);
        server.CompactHistory();
        using var cts = Generous();
        var errors = new List<Exception>();

        var events = 0;
        await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: a.Metadata.ResourceVersion,
            onError: errors.Add, cancellationToken: cts.Token)) events++;

        Assert.Equal(0, events);
        var expired = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
    }

    [Fact]
    public async Task Watch_WithBookmarks_ReceivesBookmarkCarryingCurrentVersion()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        server.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        var client = server.CreateClient();
        var a = await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct);
        using var cts = Generous();

        V1ConfigMap? bookmark = null;
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, allowWatchBookmarks: true,
            resourceVersion: a.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            if (type != WatchEventType.Bookmark) continue;
            bookmark = item;
            break;
        }

        Assert.NotNull(bookmark);
        Assert.Equal(a.Metadata.ResourceVersion, bookmark.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        // KubernetesClient reads a watch's first line before yielding (it fails on a stream that ends empty, as it
        // would against a real server), so give the watch one object to announce.
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct);
        using var cts = Generous();

        var events = 0;
        await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, timeoutSeconds: 1, cancellationToken: cts.Token)) events++;

        Assert.False(cts.IsCancellationRequested, "the server should have ended the watch itself");
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task Watch_LabelSelector_ObjectLeavingSelectionArrivesAsDeleted()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        using var cts = Generous();
        var seen = new List<(WatchEventType, string)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, labelSelector: "pick=yes", cancellationToken: cts.Token))
            {
                seen.Add((type, item.Metadata.Name));
                if (seen.Count == 2) return;
            }
        }, Ct);
        await server.WaitUntilAsync(s => s.Requests.Any(r => r.Verb == "watch"), TimeSpan.FromSeconds(60), "the watch to start");

        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("skip", new Dictionary<string, string> { ["pick"] = "no" }), Ns, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a", new Dictionary<string, string> { ["pick"] = "yes" }), Ns, cancellationToken: Ct);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"pick":"no"}}}""", V1Patch.PatchType.MergePatch), "a", Ns, cancellationToken: Ct);
        await watching;

        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Deleted, "a")], seen);
    }

    [Fact]
    public async Task DropWatches_ClosesOpenStreams_ClientResumesFromLastVersionWithoutLoss()
    {
        await using var server = await FakeApiServer.StartAsync(Ct);
        var client = server.CreateClient();
        using var cts = Generous();
        var names = new List<string>();
        string? resourceVersion = null;
        var connections = 0;
        var watching = Task.Run(async () =>
        {
            while (names.Count < 2)
            {
                connections++;
                await foreach (var (_, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: resourceVersion, cancellationToken: cts.Token))
                {
                    names.Add(item.Metadata.Name);
                    resourceVersion = item.Metadata.ResourceVersion;
                    if (names.Count == 2) return;
                }
            }
        }, Ct);
        await server.WaitUntilAsync(s => s.Requests.Count(r => r.Verb == "watch") == 1, TimeSpan.FromSeconds(60), "the watch to start");
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a"), Ns, cancellationToken: Ct);
        await server.WaitUntilAsync(_ => names.Count == 1, TimeSpan.FromSeconds(60), "the first event");

        server.DropWatches();
        await client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("b"), Ns, cancellationToken: Ct);
        await watching;

        Assert.Equal(["a", "b"], names);
        Assert.Equal(2, connections);
    }
}
