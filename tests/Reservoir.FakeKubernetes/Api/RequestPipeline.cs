using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Reservoir.FakeKubernetes.Faults;

namespace Reservoir.FakeKubernetes.Api;

/// <summary>
/// Every request's path through the fake: resolve what it asks for, authorize, inject a fault if the plan
/// says so, dispatch to the read/write/watch handlers, answer errors with Status bodies, and record it.
/// </summary>
internal sealed class RequestPipeline(
    ResourceTypeRegistry types,
    ReadHandler reads,
    WriteHandler writes,
    WatchHandler watches,
    Func<FaultPlan> faults,
    Func<Func<RequestInfo, bool>?> authorizer,
    Func<CancellationToken> watchesDropped,
    ConcurrentQueue<RecordedRequest> recorded,
    TimeProvider time)
{
    public async Task Handle(HttpContext context)
    {
        var http = context.Request;
        var watchQuery = http.Query["watch"] is var w && (w == "true" || w == "1");
        var request = RequestInfo.Parse(http.Method, http.Path.Value ?? "/", http.QueryString.Value ?? "", watchQuery);
        string? fault = null;
        var recordedEarly = false;
        void Record() => recorded.Enqueue(new RecordedRequest(request.Verb, request.Method, request.Path, request.Query, request.Resource,
            request.Subresource, request.Namespace, request.Name, context.Response.StatusCode, time.GetUtcNow(), fault));
        try
        {
            if (authorizer() is { } allow && !allow(request)) throw Forbidden(request);
            if (faults().Pick(request) is { } rule)
            {
                fault = rule.Kind.ToString();
                if (!await Inject(rule, context)) return;
            }
            // A watch is recorded when its head is sent, so tests can see it open while it streams.
            await Dispatch(request, context, () => { recordedEarly = true; Record(); });
        }
        catch (ApiError error)
        {
            if (!context.Response.HasStarted) await WriteJson(context, error.Code, error.ToStatus());
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested) { /* client gave up */ }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in the fake, or a body it cannot handle: say what broke instead of a bare 500.
            if (!context.Response.HasStarted)
                await WriteJson(context, 500, new ApiError(500, "InternalError", $"the fake API server failed: {e.GetType().Name}: {e.Message}").ToStatus());
        }
        finally
        {
            if (!recordedEarly) Record();
        }
    }

    /// <summary>Answers the fault; returns true when the request should then be served normally (a delay).</summary>
    private static async Task<bool> Inject(FaultRule rule, HttpContext context)
    {
        switch (rule.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(rule.Delay, context.RequestAborted);
                return true;
            case FaultKind.Timeout:
                try { await Task.Delay(rule.Delay, context.RequestAborted); }
                catch (OperationCanceledException)
                {
                    context.Response.StatusCode = 499; // recorded only: the client closed the request
                    return false;
                }
                throw new ApiError(504, "Timeout", "Timeout: request did not complete within the allowed duration (injected fault)");
            case FaultKind.TooManyRequests or FaultKind.ServiceUnavailable:
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(rule.RetryAfter.TotalSeconds)).ToString();
                throw rule.Kind == FaultKind.TooManyRequests
                    ? new ApiError(429, "TooManyRequests", "Too many requests, please try again later. (injected fault)")
                    : new ApiError(503, "ServiceUnavailable", "The server is currently unable to handle the request (injected fault)");
            default:
                throw new ApiError(500, "InternalError", "Internal error occurred: injected fault");
        }
    }

    private async Task Dispatch(RequestInfo request, HttpContext context, Action watchStarted)
    {
        if (!request.IsResourceRequest)
        {
            if (request.Path.TrimEnd('/') == "/version")
            {
                await WriteJson(context, 200, new JsonObject { ["major"] = "1", ["minor"] = "33", ["gitVersion"] = "v1.33.0-reservoir-fake" });
                return;
            }
            throw new ApiError(404, "NotFound", $"the server could not find the requested resource (path {request.Path})");
        }
        var type = types.Find(request.Group, request.Version, request.Resource)
            ?? throw new ApiError(404, "NotFound", $"the server could not find the requested resource ({request.Method} {request.Path})");
        if (type.Namespaced is false && request.Namespace is not null)
            throw new ApiError(404, "NotFound", $"{type.QualifiedName} is not namespaced (path {request.Path})");
        var query = context.Request.Query;
        switch (request.Verb)
        {
            case "watch": await watches.Serve(type, request, context, watchesDropped(), watchStarted); return;
            case "get": await WriteJson(context, 200, reads.Get(type, request)); return;
            case "list": await WriteJson(context, 200, reads.List(type, request, query)); return;
            case "create": await WriteJson(context, 201, writes.Create(type, request, await ReadObject(context))); return;
            case "update": await WriteJson(context, 200, writes.Update(type, request, await ReadObject(context))); return;
            case "patch":
                var patch = await ReadNode(context) ?? throw ApiError.BadRequest("the patch body is empty");
                await WriteJson(context, 200, writes.Patch(type, request, context.Request.ContentType ?? "", patch));
                return;
            case "delete":
                var options = await ReadNode(context) as JsonObject;
                await WriteJson(context, 200, writes.Delete(type, request.Namespace, request.Name!, options, query["propagationPolicy"]));
                return;
            case "deletecollection":
                var list = reads.List(type, request, query);
                var deleted = new JsonArray();
                foreach (var item in list["items"]!.AsArray().OfType<JsonObject>())
                {
                    try { deleted.Add(writes.Delete(type, ObjectRulesNamespace(item), item["metadata"]!["name"]!.GetValue<string>(), null, query["propagationPolicy"])); }
                    catch (ApiError e) when (e.Code == 404) { }
                }
                list["items"] = deleted;
                await WriteJson(context, 200, list);
                return;
            default: throw new ApiError(405, "MethodNotAllowed", $"the fake does not support {request.Method} on {request.Path}");
        }
    }

    private static string? ObjectRulesNamespace(JsonObject o) => o["metadata"]?["namespace"]?.GetValue<string>();

    private static ApiError Forbidden(RequestInfo r)
    {
        var resource = r.Group.Length == 0 ? r.Resource : $"{r.Resource}.{r.Group}";
        var where = r.Namespace is null ? "at the cluster scope" : $"in the namespace \"{r.Namespace}\"";
        var what = r.Name is null ? "" : $" \"{r.Name}\"";
        return new ApiError(403, "Forbidden",
            $"{resource}{what} is forbidden: User \"system:anonymous\" cannot {r.Verb} resource \"{r.Resource}\" in API group \"{r.Group}\" {where}");
    }

    private static async Task<JsonObject> ReadObject(HttpContext context) =>
        await ReadNode(context) as JsonObject ?? throw ApiError.BadRequest("the request body must be a JSON object");

    private static async Task<JsonNode?> ReadNode(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException e) { throw ApiError.BadRequest($"the request body is not valid JSON: {e.Message}"); }
    }

    private static async Task WriteJson(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
