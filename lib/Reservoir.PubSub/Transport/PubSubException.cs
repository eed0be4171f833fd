using System.Net;

namespace Reservoir.PubSub.Transport;

/// <summary>
/// A request that failed for good: the server's answer was not retryable, or retries ran out. The message names
/// the operation and resource (topic or subscription), the HTTP status and Google's status (e.g. NOT_FOUND).
/// <see cref="HttpStatus"/> is null when no answer came (connection refused, timeout).
/// </summary>
public sealed class PubSubException(
    string operation, string resource, HttpStatusCode? httpStatus, string? status, string detail, int attempts, Exception? inner = null)
    : Exception(Describe(operation, resource, httpStatus, status, detail, attempts), inner)
{
    public string Operation { get; } = operation;
    public string Resource { get; } = resource;
    public HttpStatusCode? HttpStatus { get; } = httpStatus;

    /// <summary>Google's canonical status name from the error body (NOT_FOUND, ALREADY_EXISTS, …), if any.</summary>
    public string? Status { get; } = status;

    public int Attempts { get; } = attempts;

    public bool IsNotFound => HttpStatus == HttpStatusCode.NotFound;
    public bool IsAlreadyExists => HttpStatus == HttpStatusCode.Conflict || Status == "ALREADY_EXISTS";

    private static string Describe(string operation, string resource, HttpStatusCode? httpStatus, string? status, string detail, int attempts)
    {
        var code = httpStatus is { } h ? $"HTTP {(int)h}{(status is null ? "" : " " + status)}" : "no response";
        var tries = attempts > 1 ? $" after {attempts} attempts" : "";
        return $"Pub/Sub {operation} on {resource} failed{tries}: {code}: {detail}";
    }
}
