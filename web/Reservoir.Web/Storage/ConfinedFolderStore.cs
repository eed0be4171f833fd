using System.Runtime.CompilerServices;
using Reservoir.Storage;
using Reservoir.Storage.Local;

namespace Reservoir.Web.Storage;

/// <summary>
/// A read-only view of a local results folder in which an object exists only if its real path (links
/// resolved) lies inside the real root folder. A symbolic link pointing outside — to a file or to a folder —
/// is treated as absent: not listed, not statted, not opened. Writes and deletes are refused.
/// </summary>
internal sealed class ConfinedFolderStore(LocalFolderObjectStore inner) : IObjectStore
{
    public string UriOf(string key) => inner.UriOf(key);

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default) =>
        IsInside(key) ? await inner.StatAsync(key, cancellationToken) : null;

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        IsInside(key) ? inner.OpenReadAsync(key, cancellationToken) : throw new ObjectNotFoundException(inner.UriOf(key));

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in inner.ListAsync(prefix, cancellationToken))
            if (IsInside(item.Key)) yield return item;
    }

    public Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the results site is read-only");

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the results site is read-only");

    private bool IsInside(string key)
    {
        var root = RealPath.Of(inner.Root);
        var real = RealPath.Of(inner.PathOf(key));
        return root is not null && real is not null
            && real.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
    }
}
