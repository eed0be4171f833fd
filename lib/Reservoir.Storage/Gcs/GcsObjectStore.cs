using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Reservoir.Storage.Gcs.Http;
using Reservoir.Storage.Gcs.Reading;
using Reservoir.Storage.Gcs.Writing;

namespace Reservoir.Storage.Gcs;

/// <summary>
/// An <see cref="IObjectStore"/> over one Cloud Storage bucket through the JSON API. Reads are seekable
/// streams that fetch byte ranges on demand (memory bounded by <see cref="GcsOptions.ReadBufferSize"/>) and
/// check the object's CRC-32C when read through from start to end; writes are one multipart request for
/// small objects and a resumable session for large ones, checked against the server's CRC-32C. Every
/// request is retried on transient failures (<see cref="GcsOptions.Retry"/>); errors name the gs:// URI and
/// the HTTP status. Objects appear whole or not at all, as Cloud Storage guarantees.
/// </summary>
public sealed class GcsObjectStore : IObjectStore
{
    private readonly GcsClient _client;

    /// <param name="httpClient">Shared client (its handler pools connections); null creates one for this store. Its Timeout is not used: attempts are timed by <see cref="Reservoir.Cloud.CloudRetryOptions.AttemptTimeout"/>.</param>
    public GcsObjectStore(string bucket, GcsOptions options, HttpClient? httpClient = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Bucket = bucket;
        _client = new GcsClient(httpClient ?? CreateHttpClient(), options);
    }

    public string Bucket { get; }

    /// <summary>
    /// An HttpClient suited to the store: no overall timeout (attempts have their own), no redirects followed
    /// (a resumable session answers 308 for "resume incomplete"), pooled connections recycled every few minutes.
    /// </summary>
    public static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    public string UriOf(string key) => $"gs://{Bucket}/{ObjectKey.Validate(key)}";

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default) =>
        (await GetMetadataAsync(key, cancellationToken).ConfigureAwait(false))?.ToObjectInfo();

    /// <summary>The object's metadata (size, generation, CRC-32C), or null when it does not exist.</summary>
    public Task<GcsObjectMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken = default)
    {
        var uri = UriOf(key);
        return _client.RetryAsync(async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _client.ObjectUri(Bucket, key));
            using var response = await _client.SendOnceAsync(request, uri, "get metadata", HttpCompletionOption.ResponseContentRead, ct, HttpStatusCode.NotFound).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            var resource = await ReadJsonAsync(response, GcsJson.Default.GcsObjectResource, uri, ct).ConfigureAwait(false);
            return GcsObjectMetadata.From(resource, uri);
        }, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var metadata = await GetMetadataAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectNotFoundException(UriOf(key));
        return new GcsReadStream(_client, Bucket, metadata, UriOf(key));
    }

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await new GcsUploader(_client, Bucket, key, UriOf(key)).UploadAsync(content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes an object and returns the metadata the server reports for it (its CRC-32C already checked).</summary>
    public Task<GcsObjectMetadata> UploadAsync(string key, Stream content, CancellationToken cancellationToken = default) =>
        new GcsUploader(_client, Bucket, key, UriOf(key)).UploadAsync(content, cancellationToken);

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? token = null;
        do
        {
            var page = await ListPageAsync(prefix, null, token, null, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Objects) yield return item.ToObjectInfo();
            token = page.NextPageToken;
        } while (token is not null);
    }

    /// <summary>
    /// One page of the objects under <paramref name="prefix"/>. With a <paramref name="delimiter"/> (usually
    /// "/"), keys that contain it after the prefix are rolled up into <see cref="GcsListPage.Prefixes"/>.
    /// Pass the previous page's <see cref="GcsListPage.NextPageToken"/> to continue; null there means the end.
    /// </summary>
    public Task<GcsListPage> ListPageAsync(string prefix, string? delimiter = null, string? pageToken = null, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (maxResults is <= 0) throw new ArgumentOutOfRangeException(nameof(maxResults), maxResults, "must be positive");
        var uri = $"gs://{Bucket}/{prefix}";
        var query = new List<string>();
        if (prefix.Length > 0) query.Add("prefix=" + Uri.EscapeDataString(prefix));
        if (!string.IsNullOrEmpty(delimiter)) query.Add("delimiter=" + Uri.EscapeDataString(delimiter));
        if (!string.IsNullOrEmpty(pageToken)) query.Add("pageToken=" + Uri.EscapeDataString(pageToken));
        if (maxResults is { } max) query.Add("maxResults=" + max);
        var address = new UriBuilder(_client.ObjectsUri(Bucket)) { Query = string.Join('&', query) }.Uri;
        return _client.RetryAsync(async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            using var response = await _client.SendOnceAsync(request, uri, "list", HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var list = await ReadJsonAsync(response, GcsJson.Default.GcsObjectList, uri, ct).ConfigureAwait(false);
            var objects = (list.Items ?? []).Select(i => GcsObjectMetadata.From(i, uri)).ToList();
            return new GcsListPage(objects, list.Prefixes ?? [], string.IsNullOrEmpty(list.NextPageToken) ? null : list.NextPageToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes an object; false when it did not exist. A retried delete whose first attempt reached the
    /// server also reports false (the object is gone either way).
    /// </summary>
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var uri = UriOf(key);
        return _client.RetryAsync(async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, _client.ObjectUri(Bucket, key));
            using var response = await _client.SendOnceAsync(request, uri, "delete", HttpCompletionOption.ResponseContentRead, ct, HttpStatusCode.NotFound).ConfigureAwait(false);
            return response.StatusCode != HttpStatusCode.NotFound;
        }, cancellationToken);
    }

    internal static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string uri, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(body, type, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"{uri}: the server answered 'null'");
        }
        catch (JsonException e)
        {
            throw new GcsRequestException($"{uri}: the server's answer is not the expected JSON: {e.Message}", uri, response.StatusCode, isTransient: false, inner: e);
        }
    }
}
