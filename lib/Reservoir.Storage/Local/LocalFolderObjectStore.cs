using System.Runtime.CompilerServices;

namespace Reservoir.Storage.Local;

/// <summary>
/// An object store over a local folder: key 'a/b.npy' is the file <c>ROOT/a/b.npy</c>. Writes go to a
/// hidden temporary file beside the target and are renamed over it, so an object appears whole or not at
/// all; listing skips those temporary files. Used for local mode's bucket and for file:// inputs.
/// </summary>
public sealed class LocalFolderObjectStore : IObjectStore
{
    /// <summary>Temporary files start with this; listing never shows them.</summary>
    public const string TempPrefix = ".reservoir-partial-";

    public LocalFolderObjectStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The absolute folder behind the store (it need not exist until the first write).</summary>
    public string Root { get; }

    /// <summary>The file that holds <paramref name="key"/>.</summary>
    public string PathOf(string key)
    {
        ObjectKey.Validate(key);
        var path = Path.GetFullPath(Path.Combine(Root, key));
        var rootWithSlash = Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar;
        if (!path.StartsWith(rootWithSlash, StringComparison.Ordinal))
            throw new ArgumentException($"object key '{key}' escapes the store root {Root}", nameof(key));
        return path;
    }

    public string UriOf(string key) => new Uri(PathOf(key)).AbsoluteUri;

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new ObjectInfo(key, file.Length, file.LastWriteTimeUtc) : null);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.RandomAccess);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(new Uri(path).AbsoluteUri);
        }
    }

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $"{TempPrefix}{Guid.NewGuid():N}-{Path.GetFileName(path)}");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.StartsWith('/') || prefix.Contains('\\') || prefix.Split('/').Any(s => s is "." or ".."))
            throw new ArgumentException($"list prefix '{prefix}' must be a relative '/'-separated key prefix", nameof(prefix));
        // Only the folder that the prefix's complete segments name can hold matches.
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? Root : Path.Combine(Root, prefix[..slash]);
        if (!Directory.Exists(start)) yield break;
        var found = new List<ObjectInfo>();
        foreach (var path in Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Path.GetFileName(path).StartsWith(TempPrefix, StringComparison.Ordinal)) continue;
            var key = Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var info = new FileInfo(path);
            if (info.Exists) found.Add(new ObjectInfo(key, info.Length, info.LastWriteTimeUtc));
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var item in found)
        {
            yield return item;
            await Task.CompletedTask;
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
