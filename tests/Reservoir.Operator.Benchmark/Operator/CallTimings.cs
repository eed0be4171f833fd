using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Reservoir.Operator.Benchmark.Operator;

/// <summary>
/// Count, total and longest duration of the operator's outgoing HTTP calls, per kind (Pub/Sub pull/ack/…, API
/// verb and resource): where a message's time goes. Fed by <see cref="TimingHandler"/>.
/// </summary>
public sealed class CallTimings
{
    public const string Prefix = "timing";
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Add(string kind, TimeSpan elapsed)
    {
        var entry = _entries.GetOrAdd(kind, _ => new Entry());
        lock (entry)
        {
            entry.Count++;
            entry.Total += elapsed;
            if (elapsed > entry.Max) entry.Max = elapsed;
        }
    }

    /// <summary>One line per kind: <c>timing KIND COUNT TOTAL_MS MAX_MS</c>.</summary>
    public IEnumerable<string> Lines() => _entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e =>
    {
        lock (e.Value)
            return string.Create(CultureInfo.InvariantCulture,
                $"{Prefix} {e.Key} {e.Value.Count} {e.Value.Total.TotalMilliseconds:F0} {e.Value.Max.TotalMilliseconds:F0}");
    });

    private sealed class Entry
    {
        public long Count;
        public TimeSpan Total, Max;
    }
}

/// <summary>Times each request and files it under a short kind taken from its method and path.</summary>
public sealed class TimingHandler(CallTimings timings) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try { return await base.SendAsync(request, cancellationToken); }
        finally { timings.Add(KindOf(request), Stopwatch.GetElapsedTime(start)); }
    }

    private static string KindOf(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var colon = path.LastIndexOf(':');
        if (path.Contains("/subscriptions/", StringComparison.Ordinal) || path.Contains("/topics/", StringComparison.Ordinal))
            return "pubsub:" + (colon > 0 ? path[(colon + 1)..] : request.Method.Method);
        var watch = request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) == true;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var ns = Array.IndexOf(parts, "namespaces");
        var resource = ns >= 0 && parts.Length > ns + 2 ? parts[ns + 2] : parts.LastOrDefault() ?? "";
        var sub = ns >= 0 && parts.Length > ns + 4 ? "/" + parts[ns + 4] : "";
        return $"k8s:{(watch ? "WATCH" : request.Method.Method)}:{resource}{sub}";
    }
}
