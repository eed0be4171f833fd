using Reservoir.Storage;
using Reservoir.Storage.Local;

namespace Reservoir.Runner.Tests.Support;

/// <summary>A real local folder store that records every write and delete, and can fail one write on purpose.</summary>
internal sealed class RecordingStore(string root, List<string> log, string? failWritesEndingWith = null) : IObjectStore
{
    private readonly LocalFolderObjectStore _inner = new(root);

    public string UriOf(string key) => _inner.UriOf(key);
    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default) => _inner.StatAsync(key, cancellationToken);
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => _inner.OpenReadAsync(key, cancellationToken);
    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    public Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        lock (log) log.Add("write " + key);
        if (failWritesEndingWith is not null && key.EndsWith(failWritesEndingWith, StringComparison.Ordinal))
            throw new IOException($"simulated upload failure for {key}");
        return _inner.WriteAsync(key, content, cancellationToken);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (log) log.Add("delete " + key);
        return _inner.DeleteAsync(key, cancellationToken);
    }
}
