using Reservoir.Storage;
using Reservoir.Storage.Local;
using Reservoir.Storage.Locations;

namespace Reservoir.Web.Storage;

/// <summary>
/// The one place that turns request values into object keys. Every key the site reads is built here from an
/// observation, an algorithm and an artifact name that each passed <see cref="IsSafeSegment"/>, under the
/// configured prefix — so no request can name an object outside the root, whatever it encodes.
/// </summary>
internal sealed class ResultsRoot
{
    private ResultsRoot(IObjectStore store, string prefix, string display)
    {
        Store = store;
        Prefix = prefix;
        Display = display;
    }

    public IObjectStore Store { get; }

    /// <summary>Key prefix of the root inside the store ("" for a local folder).</summary>
    public string Prefix { get; }

    /// <summary>The root as the user gave it, canonical (<c>file:///…</c> or <c>gs://…</c>).</summary>
    public string Display { get; }

    /// <summary>
    /// Opens the root. A local folder is wrapped in <see cref="ConfinedFolderStore"/> so that symbolic links
    /// leading outside it are invisible.
    /// </summary>
    public static ResultsRoot Open(string root, ObjectStoreResolver resolver)
    {
        var location = ObjectLocation.ParsePrefix(root);
        var (store, prefix) = resolver.Open(location);
        if (store is LocalFolderObjectStore local)
        {
            if (!Directory.Exists(local.Root)) throw new ArgumentException($"results folder {local.Root} does not exist");
            store = new ConfinedFolderStore(local);
        }
        return new ResultsRoot(store, prefix, location.ToString());
    }

    /// <summary>
    /// An observation, algorithm or file name from a request: 1–200 of letters, digits and <c>._+-</c>, and
    /// not <c>.</c> or <c>..</c> (the observation-ID rule). Rejects separators, encoded or not, and backslashes.
    /// </summary>
    public static bool IsSafeSegment(string? segment) =>
        segment is { Length: >= 1 and <= 200 } && segment is not ("." or "..")
        && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-');

    /// <summary>The key of <paramref name="file"/> in a result set; throws unless every part is a safe segment.</summary>
    public string KeyOf(string observation, string algorithm, string file)
    {
        foreach (var part in new[] { observation, algorithm, file })
            if (!IsSafeSegment(part)) throw new ArgumentException($"'{part}' is not a valid observation, algorithm or file name");
        return ObjectKey.Join(Prefix, observation, algorithm, file);
    }

    /// <summary>The URI of an artifact, for the Python snippet and messages.</summary>
    public string UriOf(string observation, string algorithm, string file) => Store.UriOf(KeyOf(observation, algorithm, file));

    /// <summary>
    /// Splits a listed key into (observation, algorithm, file) when it is <c>prefix/obs/alg/file</c> with safe
    /// segments; null for anything else.
    /// </summary>
    public (string Observation, string Algorithm, string File)? Split(string key)
    {
        var rest = key;
        if (Prefix.Length > 0)
        {
            if (!key.StartsWith(Prefix + "/", StringComparison.Ordinal)) return null;
            rest = key[(Prefix.Length + 1)..];
        }
        var parts = rest.Split('/');
        if (parts.Length != 3 || !parts.All(IsSafeSegment)) return null;
        return (parts[0], parts[1], parts[2]);
    }

    /// <summary>The prefix to list for every result set.</summary>
    public string ListPrefix => Prefix.Length == 0 ? "" : Prefix + "/";
}
