using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Reservoir.PubSub.Connection;

namespace Reservoir.PubSub.Transport;

/// <summary>
/// One JSON request to the REST API with retries (<see cref="RetryOptions"/>) and errors that name the resource.
/// Every Pub/Sub call goes through <see cref="SendAsync{TResponse}"/>.
/// </summary>
internal sealed class PubSubRestClient(HttpClient http, PubSubEndpoint endpoint, RetryOptions retry, TimeProvider time, Func<double> random)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly HashSet<HttpStatusCode> RetryableHttp =
    [
        HttpStatusCode.RequestTimeout, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError,
        HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    private static readonly HashSet<string> RetryableStatus = ["UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "ABORTED", "INTERNAL"];

    public PubSubEndpoint Endpoint => endpoint;

    /// <summary>
    /// Sends <paramref name="body"/> (null for none) to <c>v1/{path}</c>; <paramref name="resource"/> and
    /// <paramref name="operation"/> only name the call in errors.
    /// </summary>
    public async Task<TResponse> SendAsync<TResponse>(
        HttpMethod method, string path, object? body, string operation, string resource, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Failure failure;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCts.CancelAfter(retry.AttemptTimeout);
                try
                {
                    using var request = new HttpRequestMessage(method, new Uri(endpoint.BaseAddress, "v1/" + path));
                    if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
                    if (await endpoint.Tokens.GetTokenAsync(attemptCts.Token) is { } token)
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptCts.Token);
                    if (response.IsSuccessStatusCode)
                        return (await response.Content.ReadFromJsonAsync<TResponse>(Json, attemptCts.Token))!;
                    failure = await ReadFailureAsync(response, attemptCts.Token);
                }
                // A refused or reset connection; SocketsHttpHandler lets some socket and stream errors out unwrapped.
                catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException)
                {
                    failure = new Failure(null, null, e.Message, true, e);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new Failure(null, "DEADLINE_EXCEEDED", $"no answer within {retry.AttemptTimeout.TotalSeconds:0.#} s", true, e);
                }
            }

            var backoff = retry.BackoffAfter(attempt, random());
            var outOfTime = time.GetElapsedTime(started) + backoff >= retry.TotalTimeout;
            if (!failure.Retryable || attempt >= retry.MaxAttempts || outOfTime)
                throw new PubSubException(operation, resource, failure.Http, failure.Status, failure.Detail, attempt, failure.Inner);
            await Task.Delay(backoff, time, cancellationToken);
        }
    }

    private static async Task<Failure> ReadFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? status = null;
        var detail = text.Length > 500 ? text[..500] : text;
        try
        {
            var error = JsonSerializer.Deserialize<ErrorEnvelope>(text, Json)?.Error;
            if (error is not null)
            {
                status = error.Status;
                detail = error.Message ?? detail;
            }
        }
        catch (JsonException) { /* a proxy's HTML or plain text: keep it as the detail */ }
        var retryable = RetryableHttp.Contains(response.StatusCode) || (status is not null && RetryableStatus.Contains(status));
        return new Failure(response.StatusCode, status, detail.Trim(), retryable, null);
    }

    private sealed record Failure(HttpStatusCode? Http, string? Status, string Detail, bool Retryable, Exception? Inner);

    private sealed record ErrorEnvelope(ErrorBody? Error);

    private sealed record ErrorBody(int Code, string? Message, string? Status);
}
