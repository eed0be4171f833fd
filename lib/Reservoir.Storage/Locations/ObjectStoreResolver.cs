using Reservoir.Storage.Gcs;
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

    // One connection pool for every gs:// store the process opens.
    private static readonly Lazy<HttpClient> GcsHttp = new(GcsObjectStore.CreateHttpClient);

    /// <summary>
    /// Local files, and gs:// through <see cref="GcsOptions.FromEnvironment"/>: the emulator named by
    /// <c>STORAGE_EMULATOR_HOST</c>, otherwise Cloud Storage with application default credentials, looked up
    /// on the first gs:// request (one lookup for every bucket this resolver opens).
    /// </summary>
    public static ObjectStoreResolver CreateDefault(Func<string, string?>? getVariable = null)
    {
        var gcs = GcsOptions.FromEnvironment(getVariable);
        gcs.Validate();
        return new ObjectStoreResolver()
            .Register(ObjectLocation.FileScheme, folder => new LocalFolderObjectStore(folder))
            .Register(ObjectLocation.GcsScheme, bucket => new GcsObjectStore(bucket, gcs, GcsHttp.Value));
    }

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
            throw new UnsupportedLocationException($"{location}: no object store is registered for '{location.Scheme}://'");
        return (factory(location.Container), location.Key);
    }

    /// <summary>Parses an object URI (<see cref="ObjectLocation.Parse"/>) and opens its store.</summary>
    public (IObjectStore Store, string Key) OpenObject(string uri) => Open(ObjectLocation.Parse(uri));

    /// <summary>Parses a prefix URI (<see cref="ObjectLocation.ParsePrefix"/>) and opens its store; the key may be "".</summary>
    public (IObjectStore Store, string Prefix) OpenPrefix(string uri) => Open(ObjectLocation.ParsePrefix(uri));
}
