namespace Reservoir.Storage.Locations;

/// <summary>
/// Where an object (or a prefix of objects) lives: a store kind (<see cref="Scheme"/>), the store's
/// container (an absolute folder for <c>file</c>, a bucket for <c>gs</c>) and a key inside it.
/// Accepted forms: plain paths (relative ones resolve against the current folder), <c>file://</c> URIs and
/// <c>gs://bucket/key</c>.
/// </summary>
public sealed record ObjectLocation(string Scheme, string Container, string Key)
{
    public const string FileScheme = "file";
    public const string GcsScheme = "gs";

    /// <summary>
    /// An object's location. A local path splits into its folder (the container) and file name (the key),
    /// so the store never reaches above the object's own folder. Throws <see cref="ObjectLocationException"/>.
    /// </summary>
    public static ObjectLocation Parse(string uri)
    {
        var location = ParsePrefix(uri);
        if (location.Scheme == FileScheme)
        {
            var path = location.Container;
            var folder = Path.GetDirectoryName(path);
            var name = Path.GetFileName(path);
            if (folder is null || name.Length == 0) throw new ObjectLocationException(uri, "names a folder, not a file");
            return new ObjectLocation(FileScheme, folder, name);
        }
        if (location.Key.Length == 0) throw new ObjectLocationException(uri, "names a bucket, not an object");
        return location;
    }

    /// <summary>
    /// A prefix's location (e.g. the runner's output): a local path becomes the container itself with an
    /// empty key; a gs:// URI keeps its path as the key prefix.
    /// </summary>
    public static ObjectLocation ParsePrefix(string uri)
    {
        if (string.IsNullOrWhiteSpace(uri)) throw new ObjectLocationException(uri ?? "", "is empty");
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return LocalFolder(uri, Path.GetFullPath(uri));
        var scheme = uri[..schemeEnd].ToLowerInvariant();
        switch (scheme)
        {
            case FileScheme:
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
                    throw new ObjectLocationException(uri, "is not a valid file:// URI");
                if (!string.IsNullOrEmpty(parsed.Host) && parsed.Host != "localhost")
                    throw new ObjectLocationException(uri, $"names host '{parsed.Host}'; only local files are supported");
                return LocalFolder(uri, Path.GetFullPath(parsed.LocalPath));
            case GcsScheme:
                var rest = uri[(schemeEnd + 3)..];
                var slash = rest.IndexOf('/');
                var bucket = slash < 0 ? rest : rest[..slash];
                var key = slash < 0 ? "" : rest[(slash + 1)..].TrimEnd('/');
                if (bucket.Length is < 3 or > 222 || !bucket.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
                    throw new ObjectLocationException(uri, $"bucket name '{bucket}' is not valid (3-222 of a-z 0-9 - _ .)");
                if (key.Length > 0) Check(uri, key);
                return new ObjectLocation(GcsScheme, bucket, key);
            default:
                throw new ObjectLocationException(uri, $"has unsupported scheme '{scheme}://'; use a path, file:// or gs://");
        }
    }

    /// <summary>The location of <paramref name="relativeKey"/> under this one (a prefix).</summary>
    public ObjectLocation Child(string relativeKey) =>
        this with { Key = ObjectKey.Validate(ObjectKey.Join(Key, relativeKey)) };

    /// <summary>Canonical URI: <c>file:///abs/path</c> or <c>gs://bucket/key</c>.</summary>
    public override string ToString() => Scheme == FileScheme
        ? new Uri(Key.Length == 0 ? Container : Path.Combine(Container, Key)).AbsoluteUri
        : Key.Length == 0 ? $"gs://{Container}" : $"gs://{Container}/{Key}";

    private static ObjectLocation LocalFolder(string uri, string fullPath)
    {
        var trimmed = fullPath.Length > 1 ? fullPath.TrimEnd(Path.DirectorySeparatorChar) : fullPath;
        if (trimmed.Length == 0) throw new ObjectLocationException(uri, "is not a valid path");
        return new ObjectLocation(FileScheme, trimmed, "");
    }

    private static void Check(string uri, string key)
    {
        try { ObjectKey.Validate(key); }
        catch (ArgumentException e) { throw new ObjectLocationException(uri, e.Message); }
    }
}

/// <summary>A location string that cannot be parsed or names something unusable (terminal for the runner).</summary>
public sealed class ObjectLocationException(string uri, string problem)
    : ArgumentException($"location '{uri}' {problem}")
{
    public string Uri { get; } = uri;
}

/// <summary>A well-formed location whose store this build cannot open (e.g. gs:// before the GCS store exists).</summary>
public sealed class UnsupportedLocationException(string message) : NotSupportedException(message);
