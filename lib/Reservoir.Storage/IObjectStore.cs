namespace Reservoir.Storage;

/// <summary>
/// A flat store of objects addressed by '/'-separated keys (a local folder now, a cloud bucket later).
/// Contracts every implementation keeps: a written object appears whole or not at all (readers never see a
/// partial object); keys are relative ('a/b/c.npy'), never absolute, never with '.' or '..' segments;
/// listing returns complete objects only, in ordinal key order.
/// </summary>
public interface IObjectStore
{
    /// <summary>The URI of a key in this store, for messages and manifests (e.g. <c>file:///data/x.fil</c>).</summary>
    string UriOf(string key);

    /// <summary>Size and time of an object, or null when it does not exist.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens an object for reading as a seekable stream. Throws <see cref="ObjectNotFoundException"/> when
    /// the object does not exist.
    /// </summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes (or replaces) a whole object from <paramref name="content"/>, read from its current position to
    /// its end. Atomic: a reader sees the old object or the complete new one, and a cancelled or failed write
    /// leaves the old one (or nothing).
    /// </summary>
    Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every object whose key starts with <paramref name="prefix"/> (plain string prefix, as cloud stores
    /// do; "" lists everything), ordered by key.
    /// </summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>One stored object.</summary>
public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified);

/// <summary>The object asked for does not exist (a missing input is a terminal error for the runner).</summary>
public sealed class ObjectNotFoundException(string uri)
    : FileNotFoundException($"object not found: {uri}", uri)
{
    public string Uri { get; } = uri;
}
