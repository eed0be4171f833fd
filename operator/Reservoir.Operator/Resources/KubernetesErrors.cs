using System.Net;
using k8s.Autorest;

namespace Reservoir.Operator.Resources;

/// <summary>Classifies API-server failures: transient ones are retried later, the rest are not.</summary>
public static class KubernetesErrors
{
    /// <summary>
    /// True for failures that say nothing about the request itself: 429, 5xx, 408, timeouts and connection
    /// failures. A 4xx other than those (400, 403, 404, 409, 422…) is a decision of the server, not transient.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        HttpOperationException e => IsTransient(e.Response.StatusCode),
        HttpRequestException => true,
        TimeoutException => true,
        // HttpClient reports its own timeout as a TaskCanceledException whose token was not the caller's.
        TaskCanceledException { InnerException: TimeoutException } => true,
        IOException => true,
        _ => false,
    };

    /// <summary>True for 408, 429 and every 5xx.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The HTTP status of an API failure, or null when the failure was not an HTTP answer.</summary>
    public static HttpStatusCode? StatusOf(Exception exception) =>
        exception is HttpOperationException e ? e.Response.StatusCode : null;
}
