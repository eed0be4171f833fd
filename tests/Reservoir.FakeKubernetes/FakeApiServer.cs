using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Reservoir.FakeKubernetes.Api;
using Reservoir.FakeKubernetes.Faults;
using Reservoir.FakeKubernetes.Storage;

namespace Reservoir.FakeKubernetes;

/// <summary>
/// A Kubernetes API server fake on loopback that speaks the real wire protocol (JSON over plain HTTP, no
/// auth), so KubernetesClient — and code built on it — runs unchanged against it. Serves core/v1 pods,
/// events, configmaps, secrets, serviceaccounts, namespaces (any namespace name works without creating it),
/// batch/v1 jobs, coordination.k8s.io/v1 leases, events.k8s.io/v1 events, CRDs, and registered custom
/// resources. Every instance is independent: its own port, objects and resourceVersion counter.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ResourceTypeRegistry _types = new();
    private readonly ObjectStore _store = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private CancellationTokenSource _watchesOpen = new();

    private FakeApiServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Failures to inject; replace it or add rules to it at any time.</summary>
    public FaultPlan Faults { get; set; } = new();

    /// <summary>When set, a request it refuses is answered 403 Forbidden with a Status body (for RBAC tests).</summary>
    public Func<RequestInfo, bool>? Authorizer { get; set; }

    /// <value>How often a watch with allowWatchBookmarks=true gets a BOOKMARK. The default value is 1 second.</value>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The requests answered so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>The store's current resourceVersion (the last write's).</summary>
    public long ResourceVersion => _store.ResourceVersion;

    public static async Task<FakeApiServer> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var server = new FakeApiServer(app);
        var time = TimeProvider.System;
        var pipeline = new RequestPipeline(
            server._types,
            new ReadHandler(server._store),
            new WriteHandler(server._store, time, server.OnCreated),
            new WatchHandler(server._store, () => server.BookmarkInterval),
            () => server.Faults,
            () => server.Authorizer,
            () => server._watchesOpen.Token,
            server._requests,
            time);
        app.Run(pipeline.Handle);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Client settings pointing at this server (plain http, no credentials); adjust timeouts before creating a client.</summary>
    public KubernetesClientConfiguration CreateClientConfiguration() => new() { Host = BaseUri.ToString().TrimEnd('/') };

    public Kubernetes CreateClient() => new(CreateClientConfiguration());

    /// <summary>Serves a custom resource at <c>/apis/{group}/{version}/[namespaces/{ns}/]{plural}</c>.</summary>
    public void RegisterCustomResourceDefinition(string group, string version, string plural, string kind, bool namespaced = true, bool statusSubresource = true) =>
        _types.Add(new ResourceType(group, version, plural, kind, namespaced, statusSubresource));

    /// <summary>Drops the watch history: a watch from any earlier resourceVersion now gets an ERROR event with 410 Expired.</summary>
    public void CompactHistory() => _store.CompactHistory();

    /// <summary>Ends every open watch stream (the connection closes cleanly); clients must reconnect.</summary>
    public void DropWatches()
    {
        var old = Interlocked.Exchange(ref _watchesOpen, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
    }

    /// <summary>Forgets the recorded requests (objects, faults and the authorizer stay).</summary>
    public void Reset() => _requests.Clear();

    /// <summary>Copies of the stored objects of a resource (e.g. "batch/v1/jobs", "v1/pods", "reservoir.io/v1alpha1/searches"), in one namespace or all.</summary>
    public IReadOnlyList<JsonObject> List(string resource, string? ns = null) => _store.List(_types.Resolve(resource), ns).Items;

    /// <summary>A copy of one stored object, or null.</summary>
    public JsonObject? Get(string resource, string? ns, string name) => _store.Get(_types.Resolve(resource), ns, name);

    /// <summary>The stored objects deserialized as KubernetesClient model types (e.g. V1Job).</summary>
    public IReadOnlyList<T> List<T>(string resource, string? ns = null) =>
        List(resource, ns).Select(o => KubernetesJson.Deserialize<T>(o.ToJsonString())).ToList();

    public T? Get<T>(string resource, string? ns, string name) where T : class =>
        Get(resource, ns, name) is { } o ? KubernetesJson.Deserialize<T>(o.ToJsonString()) : null;

    /// <summary>Polls the store until <paramref name="condition"/> holds; throws TimeoutException after <paramref name="timeout"/> (default 60 s).</summary>
    public async Task WaitUntilAsync(Func<FakeApiServer, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what ?? "the condition"} after {timeout ?? TimeSpan.FromSeconds(60)}");
            await Task.Delay(20);
        }
    }

    private void OnCreated(ResourceType type, JsonObject obj)
    {
        if (type.Plural != "customresourcedefinitions") return;
        var spec = obj["spec"]!;
        var group = spec["group"]!.GetValue<string>();
        var plural = spec["names"]!["plural"]!.GetValue<string>();
        var kind = spec["names"]!["kind"]!.GetValue<string>();
        var namespaced = spec["scope"]?.GetValue<string>() != "Cluster";
        foreach (var version in spec["versions"]!.AsArray().OfType<JsonObject>())
        {
            var hasStatus = version["subresources"]?["status"] is not null;
            RegisterCustomResourceDefinition(group, version["name"]!.GetValue<string>(), plural, kind, namespaced, hasStatus);
        }
        var name = obj["metadata"]!["name"]!.GetValue<string>();
        _store.Write(type, null, name, current =>
        {
            var established = current ?? obj;
            established["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts" },
                    new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted" }),
                ["acceptedNames"] = spec["names"]!.DeepClone(),
                ["storedVersions"] = new JsonArray(spec["versions"]!.AsArray().Select(v => (JsonNode?)v!["name"]!.GetValue<string>()).ToArray()),
            };
            return established;
        });
    }

    public async ValueTask DisposeAsync()
    {
        _watchesOpen.Cancel();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
