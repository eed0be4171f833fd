using System.Net;
using Reservoir.Cloud;

namespace Reservoir.Storage.Gcs;

/// <summary>
/// A Cloud Storage request failed. <see cref="IsTransient"/> says whether it was worth retrying (408, 429,
/// 5xx); when thrown out of the store, retries are already spent. The message names the object URI, the
/// operation and the HTTP status.
/// </summary>
public sealed class GcsRequestException(string message, string objectUri, HttpStatusCode? status, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null)
    : IOException(message, inner), ICloudFailure
{
    public string ObjectUri { get; } = objectUri;
    public HttpStatusCode? Status { get; } = status;
    public bool IsTransient { get; } = isTransient;

    /// <summary>How long the server asked us to wait (Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>408 Request Timeout, 429 Too Many Requests and every 5xx are retried; other statuses cannot succeed by repeating.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) => TransientHttp.IsTransientStatus(status);
}

/// <summary>Bytes did not match the object's checksum (download or upload). Never retried silently; the data is not used.</summary>
public sealed class GcsIntegrityException(string objectUri, string message) : IOException($"{objectUri}: {message}"), ICloudFailure
{
    public string ObjectUri { get; } = objectUri;

    bool ICloudFailure.IsTransient => false;

    TimeSpan? ICloudFailure.RetryAfter => null;
}
