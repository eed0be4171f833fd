using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly.Timeout;
using Reservoir.Cloud;
using Reservoir.PubSub.Connection;

namespace Reservoir.PubSub.Transport;

/// <summary>
/// One JSON request to the REST API with retries (<see cref="CloudRetryPipeline"/>, shared with GCS) and errors
/// that name the resource. Every Pub/Sub call goes through <see cref="SendAsync{TResponse}"/>. Publish retries
/// may publish a batch twice (the first attempt may have landed): delivery is at-least-once anyway.
/// </summary>
internal sealed class PubSubRestClient(HttpClient http, PubSubEndpoint endpoint, CloudRetryPipeline retry)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly HashSet<string> RetryableStatus = ["UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "ABORTED", "INTERNAL"];

    public PubSubEndpoint Endpoint => endpoint;

    /// <summary>
    /// Sends <paramref name="body"/> (null for none) to <c>v1/{path}</c>; <paramref name="resource"/> and
    /// <paramref name="operation"/> only name the call in errors.
    /// </summary>
    public async Task<TResponse> SendAsync<TResponse>(
        HttpMethod method, string path, object? body, string operation, string resource, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await retry.ExecuteAsync(async ct =>
            {
                attempts++;
                using var request = new HttpRequestMessage(method, new Uri(endpoint.BaseAddress, "v1/" + path));
                if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
                if (await endpoint.Tokens.GetTokenAsync(ct).ConfigureAwait(false) is { } token)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return (await response.Content.ReadFromJsonAsync<TResponse>(Json, ct).ConfigureAwait(false))!;
                throw await ReadFailureAsync(response, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Failure f)
        {
            throw new PubSubException(operation, resource, f.Http, f.Status, f.Detail, attempts);
        }
        catch (CloudCredentialsException e)
        {
            throw new PubSubException(operation, resource, null, "UNAUTHENTICATED", e.Message, attempts, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new PubSubException(operation, resource, null, "DEADLINE_EXCEEDED",
                $"no answer within {retry.Options.AttemptTimeout.TotalSeconds:0.#} s", attempts, e);
        }
        // A refused or reset connection; SocketsHttpHandler lets some socket and stream errors out unwrapped.
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PubSubException(operation, resource, null, null, e.Message, attempts, e);
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
        var retryable = TransientHttp.IsTransientStatus(response.StatusCode) || (status is not null && RetryableStatus.Contains(status));
        return new Failure(response.StatusCode, status, detail.Trim(), retryable, TransientHttp.RetryAfterOf(response));
    }

    /// <summary>One attempt's error answer, for the retry pipeline; turned into a <see cref="PubSubException"/> at the end.</summary>
    private sealed class Failure(HttpStatusCode http, string? status, string detail, bool retryable, TimeSpan? retryAfter)
        : Exception(detail), ICloudFailure
    {
        public HttpStatusCode Http { get; } = http;
        public string? Status { get; } = status;
        public string Detail { get; } = detail;
        public bool IsTransient { get; } = retryable;
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    private sealed record ErrorEnvelope(ErrorBody? Error);

    private sealed record ErrorBody(int Code, string? Message, string? Status);
}
