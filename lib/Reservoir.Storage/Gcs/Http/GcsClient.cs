using System.Net;
using System.Net.Http.Headers;
using Reservoir.Cloud;

namespace Reservoir.Storage.Gcs.Http;

/// <summary>
/// Sends JSON API requests for one store: adds credentials, runs each attempt under the retry pipeline and
/// turns failure statuses into <see cref="GcsRequestException"/>s that name the object and the status.
/// </summary>
internal sealed class GcsClient
{
    private readonly HttpClient _http;

    public GcsClient(HttpClient http, GcsOptions options)
    {
        _http = http;
        Options = options;
        Pipeline = CloudRetryPipeline.Create(options.Retry, options.Time);
    }

    public GcsOptions Options { get; }

    public CloudRetryPipeline Pipeline { get; }

    public Uri ObjectsUri(string bucket) => new(Options.Endpoint, $"storage/v1/b/{Uri.EscapeDataString(bucket)}/o");

    public Uri ObjectUri(string bucket, string key) => new(Options.Endpoint, $"storage/v1/b/{Uri.EscapeDataString(bucket)}/o/{Uri.EscapeDataString(key)}");

    public Uri UploadUri(string bucket, string query) => new(Options.Endpoint, $"upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?{query}");

    /// <summary>
    /// One attempt: sends the request and returns the response when its status is success or one of
    /// <paramref name="accepted"/>; otherwise throws a <see cref="GcsRequestException"/> (transient or not).
    /// The caller disposes the response. Run it inside <see cref="Pipeline"/> to get retries.
    /// </summary>
    public async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, string objectUri, string operation,
        HttpCompletionOption completion, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        if (await Options.Credentials.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new GcsRequestException($"{objectUri}: {operation} failed: {e.Message}", objectUri, null, isTransient: true, inner: e);
        }
        if (response.IsSuccessStatusCode || accepted.Contains(response.StatusCode)) return response;
        using (response)
            throw await FailureAsync(response, objectUri, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The exception for a failure status, with the server's error message and Retry-After.</summary>
    public static async Task<GcsRequestException> FailureAsync(HttpResponseMessage response, string objectUri, string operation, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        string detail;
        try
        {
            detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            detail = detail.ReplaceLineEndings(" ").Trim();
            if (detail.Length > 300) detail = detail[..300] + "…";
        }
        catch (Exception e) when (e is IOException or HttpRequestException) { detail = ""; }
        var transient = GcsRequestException.IsTransientStatus(status);
        var message = $"{objectUri}: {operation} failed with HTTP {(int)status} {response.ReasonPhrase ?? status.ToString()}"
            + (detail.Length > 0 ? $": {detail}" : "")
            + (transient ? "" : " (not retried: repeating the request cannot succeed)");
        return new GcsRequestException(message, objectUri, status, transient, TransientHttp.RetryAfterOf(response));
    }

    /// <summary>Runs <paramref name="attempt"/> under the retry pipeline.</summary>
    public async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken) =>
        await Pipeline.ExecuteAsync(attempt, cancellationToken).ConfigureAwait(false);
}
