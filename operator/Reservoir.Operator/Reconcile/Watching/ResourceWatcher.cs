using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// Keeps a <see cref="ResourceCache{T}"/> in step with the API server, as client-go's reflector does: list (in
/// pages) and remember the list's resourceVersion; watch from it with bookmarks, advancing the resourceVersion
/// with every event and bookmark; after a disconnect resume from the last resourceVersion; on 410 Gone (the
/// server no longer has that history) list again. Errors reconnect with jittered exponential backoff. An event
/// that does not deserialize as <typeparamref name="T"/> is logged and skipped; what is cached is the projection
/// of each object (<typeparamref name="TCached"/>); nothing but cancellation ends
/// <see cref="RunAsync"/>. Every cache change is passed to the change callback, in order, on the loop's thread.
/// </summary>
internal sealed class ResourceWatcher<T, TCached> where T : class, IKubernetesObject<V1ObjectMeta> where TCached : class
{
    private readonly IKubernetes _kubernetes;
    private readonly WatchTarget _target;
    private readonly WatcherSettings _settings;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<WatchChange<TCached>> _onChange;
    private readonly Func<T, TCached> _project;
    private readonly Func<TCached, string?> _versionOf;
    private volatile bool _synced;

    /// <param name="project">Turns every object into what is cached (see <see cref="CacheProjections"/>).</param>
    /// <param name="versionOf">The resourceVersion of a cached object (a re-list reports only objects whose version changed).</param>
    public ResourceWatcher(IKubernetes kubernetes, WatchTarget target, WatcherSettings settings, TimeProvider time,
        ILogger logger, Action<WatchChange<TCached>> onChange, Func<T, TCached> project, Func<TCached, string?> versionOf)
    {
        if (string.IsNullOrEmpty(target.Group)) throw new ArgumentException("ResourceWatcher serves /apis groups only; core resources are not supported", nameof(target));
        _kubernetes = kubernetes;
        _target = target;
        _settings = settings;
        _backoff = new ReconnectBackoff(settings.ReconnectBase, settings.ReconnectMax, settings.Random);
        _time = time;
        _logger = logger;
        _onChange = onChange;
        _project = project;
        _versionOf = versionOf;
    }

    public ResourceCache<TCached> Cache { get; } = new();

    /// <summary>True once the first complete list is in the cache.</summary>
    public bool Synced => _synced;

    /// <summary>The resourceVersion the next watch resumes from (null before the first list).</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Lists performed so far (the first, plus one after each 410 Gone).</summary>
    public int Lists { get; private set; }

    /// <summary>When the loop last heard from the server (list, event or bookmark).</summary>
    public DateTimeOffset LastContact { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                }
                needList = await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
                if (needList) _logger.LogInformation("Watch of {Target} expired at resourceVersion {Version} (410 Gone); listing again", _target, ResourceVersion);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                _logger.LogInformation("Watch of {Target}: 410 Gone at resourceVersion {Version}; listing again", _target, ResourceVersion);
                needList = true;
            }
            catch (Exception e)
            {
                var delay = _backoff.Next();
                _logger.LogWarning(e, "Watch of {Target} failed; reconnecting in {Delay}", _target, delay);
                try { await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, TCached>(StringComparer.Ordinal);
        string? next = null;
        string? version;
        do
        {
            var response = await _kubernetes.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(
                _target.Group, _target.Version, _target.Namespace, _target.Plural,
                continueParameter: next, labelSelector: _target.LabelSelector, limit: _settings.PageSize,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var page = response.Body;
            if (page.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in items.EnumerateArray())
                {
                    if (TryRead(element, "listed", out var key, out var item)) seen[key] = item;
                }
            }
            next = ReadString(page, "metadata", "continue");
            version = ReadString(page, "metadata", "resourceVersion");
        } while (!string.IsNullOrEmpty(next));

        foreach (var key in Cache.Keys())
        {
            if (!seen.ContainsKey(key) && Cache.Remove(key) is { } gone) _onChange(new WatchChange<TCached>(key, gone, null));
        }
        foreach (var (key, item) in seen)
        {
            var previous = Cache.Upsert(key, item);
            if (previous is null || _versionOf(previous) != _versionOf(item))
                _onChange(new WatchChange<TCached>(key, previous, item));
        }
        ResourceVersion = version;
        Lists++;
        LastContact = _time.GetUtcNow();
        _synced = true;
        _backoff.Reset();
        _logger.LogDebug("Listed {Count} of {Target} at resourceVersion {Version}", seen.Count, _target, version);
    }

    /// <returns>True when the server said the resourceVersion is too old (410): list again.</returns>
    private async Task<bool> WatchOnceAsync(CancellationToken cancellationToken)
    {
        var gone = false;
        Exception? streamError = null;
        void OnError(Exception e)
        {
            if (e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone }) gone = true;
            else if (e is JsonException) _logger.LogWarning(e, "Watch of {Target}: skipped an event that is not valid JSON", _target);
            else streamError ??= e;
        }

        var events = _kubernetes.CustomObjects.WatchListNamespacedCustomObjectAsync(
            _target.Group, _target.Version, _target.Namespace, _target.Plural,
            allowWatchBookmarks: true, labelSelector: _target.LabelSelector, resourceVersion: ResourceVersion,
            timeoutSeconds: (int)_settings.WatchTimeout.TotalSeconds, onError: OnError, cancellationToken: cancellationToken);
        await foreach (var (type, body) in events.ConfigureAwait(false))
        {
            var element = body is JsonElement json ? json : JsonSerializer.SerializeToElement(body);
            LastContact = _time.GetUtcNow();
            _backoff.Reset();
            if (!Apply(type, element)) gone = true;
            if (gone) return true;
        }
        if (gone) return true;
        if (streamError is not null) throw new IOException($"watch of {_target} reported an error", streamError);
        return false;
    }

    /// <returns>False when the event is an ERROR carrying 410 Gone.</returns>
    private bool Apply(WatchEventType type, JsonElement element)
    {
        switch (type)
        {
            case WatchEventType.Bookmark:
                ResourceVersion = ReadString(element, "metadata", "resourceVersion") ?? ResourceVersion;
                return true;
            case WatchEventType.Error:
                var code = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
                if (code == (int)HttpStatusCode.Gone) return false;
                throw new IOException($"watch of {_target} sent an ERROR event: {element.GetRawText()}");
        }
        var version = ReadString(element, "metadata", "resourceVersion");
        if (TryRead(element, type.ToString(), out var key, out var item))
        {
            if (type == WatchEventType.Deleted)
            {
                var previous = Cache.Remove(key);
                _onChange(new WatchChange<TCached>(key, previous ?? item, null));
            }
            else
            {
                var previous = Cache.Upsert(key, item);
                _onChange(new WatchChange<TCached>(key, previous, item));
            }
        }
        if (version is not null) ResourceVersion = version;
        return true;
    }

    private bool TryRead(JsonElement element, string what, out string key, out TCached item)
    {
        try
        {
            var read = KubernetesJson.Deserialize<T>(element.GetRawText());
            if (read?.Metadata?.Name is { Length: > 0 } name)
            {
                key = ResourceCache<TCached>.KeyOf(read.Metadata.NamespaceProperty, name);
                item = _project(read);
                return true;
            }
            _logger.LogWarning("Watch of {Target}: skipped a {What} object without metadata.name", _target, what);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Watch of {Target}: skipped a {What} object {Name} that does not read as {Type}",
                _target, what, ReadString(element, "metadata", "name"), typeof(T).Name);
        }
        key = "";
        item = null!;
        return false;
    }

    private static string? ReadString(JsonElement element, string outer, string inner) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(outer, out var o) && o.ValueKind == JsonValueKind.Object
        && o.TryGetProperty(inner, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
