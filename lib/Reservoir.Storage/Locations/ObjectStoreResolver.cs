using Reservoir.Storage.Local;

namespace Reservoir.Storage.Locations;

/// <summary>
/// Opens the store behind a location. Stores are registered per scheme (<c>file</c> is built in); a cloud
/// store plugs in with <see cref="Register"/> — e.g. <c>Register("gs", bucket =&gt; new GcsObjectStore(bucket, …))</c> —
/// and nothing else changes.
/// </summary>
public sealed class ObjectStoreResolver
{
    private readonly Dictionary<string, Func<string, IObjectStore>> _factories = new(StringComparer.Ordinal);

    /// <summary>A resolver that knows local files only (this build has no cloud store yet).</summary>
    public static ObjectStoreResolver CreateDefault() =>
        new ObjectStoreResolver().Register(ObjectLocation.FileScheme, folder => new LocalFolderObjectStore(folder));

    /// <summary>Makes <paramref name="scheme"/> openable; <paramref name="factory"/> gets the container (folder or bucket).</summary>
    public ObjectStoreResolver Register(string scheme, Func<string, IObjectStore> factory)
    {
        _factories[scheme] = factory;
        return this;
    }

    /// <summary>The store holding <paramref name="location"/> and the key inside it.</summary>
    public (IObjectStore Store, string Key) Open(ObjectLocation location)
    {
        if (!_factories.TryGetValue(location.Scheme, out var factory))
            throw new UnsupportedLocationException(location.Scheme == ObjectLocation.GcsScheme
                ? $"{location}: gs:// locations are not supported in this build yet (the Google Cloud Storage store is not built); use a local path or a file:// URI"
                : $"{location}: no object store is registered for '{location.Scheme}://'");
        return (factory(location.Container), location.Key);
    }

    /// <summary>Parses an object URI (<see cref="ObjectLocation.Parse"/>) and opens its store.</summary>
    public (IObjectStore Store, string Key) OpenObject(string uri) => Open(ObjectLocation.Parse(uri));

    /// <summary>Parses a prefix URI (<see cref="ObjectLocation.ParsePrefix"/>) and opens its store; the key may be "".</summary>
    public (IObjectStore Store, string Prefix) OpenPrefix(string uri) => Open(ObjectLocation.ParsePrefix(uri));
}
