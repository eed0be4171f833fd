using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Reservoir.FakeKubernetes.Selection;
using Reservoir.FakeKubernetes.Storage;

namespace Reservoir.FakeKubernetes.Api;

/// <summary>
/// A watch: a 200 response streaming one JSON event per line ({"type", "object"}), first the replay (events
/// after the requested resourceVersion, or the current objects as ADDED when none was given), then live
/// changes. A too-old resourceVersion is answered, like the real server, with one ERROR event carrying a
/// 410 Expired Status. Ends at timeoutSeconds, when the client goes, on <c>DropWatches</c>, or at shutdown.
/// </summary>
internal sealed class WatchHandler(ObjectStore store, Func<TimeSpan> bookmarkInterval)
{
    public async Task Serve(ResourceType type, RequestInfo request, HttpContext context, CancellationToken dropped, Action started)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        if (request.Name is not null) fields = FieldSelector.Parse($"metadata.name={request.Name}");
        long? from = long.TryParse(query["resourceVersion"], out var rv) ? rv : null;
        var bookmarks = string.Equals(query["allowWatchBookmarks"], "true", StringComparison.OrdinalIgnoreCase);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, dropped);
        if (int.TryParse(query["timeoutSeconds"], out var timeout) && timeout > 0) stop.CancelAfter(TimeSpan.FromSeconds(timeout));

        // Send the head at once: clients wait for it before reading events, and a quiet watch may send none for long.
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(stop.Token);
        await context.Response.Body.FlushAsync(stop.Token);
        started();
        WatchSubscription subscription;
        List<StoredEvent> replay;
        try
        {
            (subscription, replay) = store.Subscribe(type, request.Namespace, from);
        }
        catch (ApiError gone) when (gone.Code == 410)
        {
            await Send(context, "ERROR", gone.ToStatus(), stop.Token);
            return;
        }
        try
        {
            long processed = 0;
            foreach (var e in replay)
            {
                await SendFiltered(context, e, labels, fields, stop.Token);
                processed = Math.Max(processed, e.ResourceVersion);
            }
            var nextBookmark = DateTime.UtcNow + bookmarkInterval();
            while (!stop.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                if (bookmarks) wait.CancelAfter(Max(nextBookmark - DateTime.UtcNow, TimeSpan.FromMilliseconds(1)));
                try
                {
                    var e = await subscription.Events.ReadAsync(wait.Token);
                    await SendFiltered(context, e, labels, fields, stop.Token);
                    processed = e.ResourceVersion;
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    // A bookmark promises that everything up to its version was sent. Every event up to the
                    // version read here is already queued (writes stamp and publish under one lock): drain first.
                    var upTo = store.ResourceVersion;
                    while (subscription.Events.TryRead(out var pending))
                    {
                        await SendFiltered(context, pending, labels, fields, stop.Token);
                        processed = pending.ResourceVersion;
                    }
                    var bookmark = new JsonObject
                    {
                        ["kind"] = type.Kind,
                        ["apiVersion"] = type.ApiVersion,
                        ["metadata"] = new JsonObject { ["resourceVersion"] = Math.Max(upTo, processed).ToString() },
                    };
                    await Send(context, "BOOKMARK", bookmark, stop.Token);
                    nextBookmark = DateTime.UtcNow + bookmarkInterval();
                }
            }
        }
        catch (OperationCanceledException) { /* the watch ends */ }
        catch (IOException) { /* the client went away */ }
        finally
        {
            store.Unsubscribe(subscription);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static Task SendFiltered(HttpContext context, StoredEvent e, LabelSelector labels, FieldSelector fields, CancellationToken ct)
    {
        bool Match(JsonObject? o) => o is not null && labels.Matches(o) && fields.Matches(o);
        var now = Match(e.Object);
        var before = Match(e.Previous);
        var type = e.Type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "DELETED" => now || before ? "DELETED" : null,
            _ => (now, before) switch { (true, true) => "MODIFIED", (true, false) => "ADDED", (false, true) => "DELETED", _ => null },
        };
        return type is null ? Task.CompletedTask : Send(context, type, e.Object, ct);
    }

    private static async Task Send(HttpContext context, string type, JsonObject obj, CancellationToken ct)
    {
        var line = "{\"type\":\"" + type + "\",\"object\":" + obj.ToJsonString() + "}\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
        await context.Response.Body.FlushAsync(ct);
    }
}
