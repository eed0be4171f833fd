using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Reservoir.Storage.Gcs.Integrity;
using Reservoir.TestSupport;

namespace Reservoir.Storage.Tests.Gcs.Faults;

/// <summary>
/// A small HTTP server on loopback that speaks the part of the GCS JSON API the store uses (object metadata,
/// ranged media download, resumable uploads in chunks) and injects faults on request. It exists because the
/// firebase-tools emulator cannot: it takes no chunked resumable uploads and never fails on purpose.
/// Resumable sessions behave as Cloud Storage documents: each PUT carries <c>Content-Range</c>; the answer is
/// 308 with <c>Range: bytes=0-N</c> until the last byte, then 200 with the object; an empty PUT with
/// <c>bytes */TOTAL</c> asks for the committed offset.
/// </summary>
internal sealed class LoopbackGcsServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, byte[]> _sessions = new();
    private readonly ConcurrentQueue<Fault> _faults = new();
    private long _generation = 1000;

    public LoopbackGcsServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            Port = LoopbackPort.Free();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 3) { }
        }
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Host => $"http://127.0.0.1:{Port}";

    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

    /// <summary>Every request seen, in order of arrival.</summary>
    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>Makes the next request that <paramref name="matches"/> misbehave as <paramref name="kind"/> (each fault fires once).</summary>
    public void Inject(Func<Seen, bool> matches, FaultKind kind, int value = 0) => _faults.Enqueue(new Fault(matches, kind, value));

    public static bool IsMedia(Seen r) => r.Method == "GET" && r.Query.Contains("alt=media");
    public static bool IsMetadata(Seen r) => r.Method == "GET" && !r.Query.Contains("alt=media") && r.Path.Contains("/o/");
    public static bool IsChunk(Seen r) => r.Method == "PUT" && r.ContentRange is { } range && !range.StartsWith("bytes */", StringComparison.Ordinal);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var seen = new Seen(request.HttpMethod, request.Url!.AbsolutePath, request.Url.Query, request.Headers["Range"], request.Headers["Content-Range"], DateTimeOffset.UtcNow);
        Requests.Enqueue(seen);
        try
        {
            var fault = TakeFault(seen);
            switch (fault?.Kind)
            {
                case FaultKind.Status:
                    response.StatusCode = fault.Value;
                    response.Close();
                    return;
                case FaultKind.StatusWithRetryAfter:
                    response.StatusCode = 429;
                    response.AddHeader("Retry-After", fault.Value.ToString());
                    response.Close();
                    return;
            }
            if (request.Url.AbsolutePath.StartsWith("/upload/", StringComparison.Ordinal)) await UploadAsync(context, seen, fault);
            else await ObjectAsync(context, seen, fault);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
    }

    private Fault? TakeFault(Seen seen)
    {
        lock (_faults)
        {
            var all = _faults.ToArray();
            var hit = all.FirstOrDefault(f => f.Matches(seen));
            if (hit is null) return null;
            _faults.Clear();
            foreach (var f in all) if (!ReferenceEquals(f, hit)) _faults.Enqueue(f);
            return hit;
        }
    }

    private async Task ObjectAsync(HttpListenerContext context, Seen seen, Fault? fault)
    {
        var response = context.Response;
        var key = Uri.UnescapeDataString(seen.Path[(seen.Path.IndexOf("/o/", StringComparison.Ordinal) + 3)..]);
        if (!Objects.TryGetValue(key, out var bytes))
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }
        if (seen.Method == "DELETE")
        {
            Objects.TryRemove(key, out _);
            response.StatusCode = 204;
            response.Close();
            return;
        }
        if (!IsMedia(seen))
        {
            await WriteJsonAsync(response, Resource(key, bytes));
            return;
        }
        long start = 0, end = bytes.Length - 1;
        if (seen.Range is { } range && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var parts = range[6..].Split('-');
            start = long.Parse(parts[0]);
            if (parts[1].Length > 0) end = Math.Min(long.Parse(parts[1]), bytes.Length - 1);
            response.StatusCode = 206;
            response.AddHeader("Content-Range", $"bytes {start}-{end}/{bytes.Length}");
        }
        var body = bytes.AsSpan((int)start, (int)(end - start + 1)).ToArray();
        if (fault?.Kind == FaultKind.CorruptByte) body[fault.Value - start] ^= 0x01;
        response.ContentLength64 = body.Length;
        if (fault?.Kind == FaultKind.DropAfterBytes)
        {
            await response.OutputStream.WriteAsync(body.AsMemory(0, fault.Value));
            await response.OutputStream.FlushAsync();
            response.Abort(); // the connection goes down with the body half sent
            return;
        }
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private async Task UploadAsync(HttpListenerContext context, Seen seen, Fault? fault)
    {
        var request = context.Request;
        var response = context.Response;
        if (seen.Method == "POST" && seen.Query.Contains("uploadType=resumable"))
        {
            var metadata = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(request.InputStream);
            var id = Guid.NewGuid().ToString("N");
            _sessions[id] = [];
            response.AddHeader("Location", $"{Host}/upload/storage/v1/b/bucket/o?uploadType=resumable&upload_id={id}&name={Uri.EscapeDataString(metadata!["name"])}");
            response.StatusCode = 200;
            response.Close();
            return;
        }
        var query = System.Web.HttpUtility.ParseQueryString(seen.Query);
        var session = query["upload_id"]!;
        var name = query["name"]!;
        var committed = _sessions[session];
        var contentRange = seen.ContentRange!;
        var total = long.Parse(contentRange[(contentRange.IndexOf('/') + 1)..]);
        if (!contentRange.StartsWith("bytes */", StringComparison.Ordinal))
        {
            var span = contentRange[6..contentRange.IndexOf('/')].Split('-');
            var first = long.Parse(span[0]);
            if (first != committed.Length)
            {
                // Cloud Storage ignores bytes it already has; we insist the client resumes exactly.
                response.StatusCode = 400;
                response.Close();
                return;
            }
            var body = new MemoryStream();
            if (fault?.Kind == FaultKind.DropAfterBytes)
            {
                // Take part of the chunk, commit it in whole 256 KiB units as GCS does, and drop the connection.
                var part = new byte[fault.Value];
                await request.InputStream.ReadExactlyAsync(part);
                var keep = part.Length / (256 * 1024) * (256 * 1024);
                _sessions[session] = [.. committed, .. part.AsSpan(0, keep)];
                // HttpListener (managed, on Linux) cannot reset a connection whose request body is unread, and its
                // Abort sends the pending headers first: so the rest is read and dropped, and the answer announces a
                // body that never comes. The client sees the connection die mid-request, with part of it committed.
                await request.InputStream.CopyToAsync(Stream.Null);
                response.ContentLength64 = 1000;
                await response.OutputStream.WriteAsync("{\"na"u8.ToArray());
                await response.OutputStream.FlushAsync();
                response.Abort();
                return;
            }
            await request.InputStream.CopyToAsync(body);
            committed = [.. committed, .. body.ToArray()];
            _sessions[session] = committed;
        }
        if (committed.Length < total)
        {
            response.StatusCode = 308;
            if (committed.Length > 0) response.AddHeader("Range", $"bytes=0-{committed.Length - 1}");
            response.ContentLength64 = 0;
            response.Close();
            return;
        }
        var stored = committed.ToArray();
        if (fault?.Kind == FaultKind.CorruptByte) stored[fault.Value] ^= 0x01;
        Objects[name] = stored;
        await WriteJsonAsync(response, Resource(name, stored));
    }

    private Dictionary<string, string> Resource(string key, byte[] bytes) => new()
    {
        ["name"] = key,
        ["size"] = bytes.Length.ToString(),
        ["generation"] = Interlocked.Increment(ref _generation).ToString(),
        ["updated"] = "2026-01-02T03:04:05.000Z",
        ["crc32c"] = Crc32c.ToBase64(Crc32c.Compute(Objects.TryGetValue(key, out var original) ? original : bytes)),
    };

    private static async Task WriteJsonAsync(HttpListenerResponse response, object value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value);
        response.ContentType = "application/json";
        response.ContentLength64 = json.Length;
        await response.OutputStream.WriteAsync(json);
        response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
    }

    public sealed record Seen(string Method, string Path, string Query, string? Range, string? ContentRange, DateTimeOffset At);

    private sealed record Fault(Func<Seen, bool> Matches, FaultKind Kind, int Value);
}

internal enum FaultKind
{
    /// <summary>Answer with HTTP status Value and no body.</summary>
    Status,
    /// <summary>Answer 429 with Retry-After: Value seconds.</summary>
    StatusWithRetryAfter,
    /// <summary>Send (download) or take (upload) Value bytes of the body, then drop the connection.</summary>
    DropAfterBytes,
    /// <summary>Flip the byte at object offset Value (in a download's body, or in the stored upload).</summary>
    CorruptByte,
}
