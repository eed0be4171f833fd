namespace Reservoir.FakeKubernetes.Api;

/// <summary>One request the fake answered, for assertions: what was asked and what status it got.</summary>
/// <param name="Verb">The Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection).</param>
/// <param name="Resource">The plural resource name, empty for non-resource paths.</param>
/// <param name="StatusCode">
/// The HTTP status sent; for a watch, the status of its head (200 even if the stream later carried an ERROR
/// event; a watch is recorded when it opens); 499 when an injected timeout was abandoned by the client.
/// </param>
/// <param name="Fault">The injected fault that answered, or null when the request was served normally.</param>
public sealed record RecordedRequest(
    string Verb,
    string Method,
    string Path,
    string Query,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    int StatusCode,
    DateTimeOffset Time,
    string? Fault);
