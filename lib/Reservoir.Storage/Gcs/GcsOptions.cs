using Reservoir.Cloud;

namespace Reservoir.Storage.Gcs;

/// <summary>
/// How <see cref="GcsObjectStore"/> reaches Cloud Storage. Defaults are documented on each property;
/// <see cref="Validate"/> runs when a store is created.
/// </summary>
public sealed record GcsOptions
{
    /// <summary>Set to <c>http://host:port</c> to use an emulator without credentials, as Google's clients do.</summary>
    public const string EmulatorHostVariable = "STORAGE_EMULATOR_HOST";

    /// <summary>Uploads of a resumable session are sent in multiples of this (the JSON API's chunk granularity).</summary>
    public const int ChunkGranularity = 256 * 1024;

    public static readonly Uri GoogleEndpoint = new("https://storage.googleapis.com/");

    /// <summary>
    /// Root of the JSON API: metadata at <c>{Endpoint}storage/v1/b/…</c>, uploads at <c>{Endpoint}upload/storage/v1/b/…</c>.
    /// The default is Google's endpoint.
    /// </summary>
    public Uri Endpoint { get; init; } = GoogleEndpoint;

    /// <summary>
    /// Where access tokens come from: <see cref="NoCredentials"/> for an emulator, otherwise Google credentials
    /// (<see cref="CloudCredentials"/>). Required.
    /// </summary>
    public required IAccessTokenSource Credentials { get; init; }

    /// <summary>Objects up to this size go up in one multipart request (buffered in memory); larger ones use a resumable session. The default is 8 MiB.</summary>
    public int MultipartThreshold { get; init; } = 8 << 20;

    /// <summary>
    /// Bytes per request of a resumable session, a multiple of 256 KiB; a failed chunk resumes from the
    /// server's committed offset. Null sends the whole object in one request of the session (still resumable
    /// from the committed offset). The default is 16 MiB.
    /// </summary>
    public int? ChunkSize { get; init; } = 16 << 20;

    /// <summary>Most bytes a read stream fetches and holds per request (its buffer). The default is 4 MiB.</summary>
    public int ReadBufferSize { get; init; } = 4 << 20;

    /// <summary>Bytes fetched after a seek; sequential reads double this up to <see cref="ReadBufferSize"/>. The default is 256 KiB.</summary>
    public int ReadAheadStart { get; init; } = 256 * 1024;

    /// <summary>
    /// Retries of every request (attempt timeout, backoff, deadline), shared with the Pub/Sub client.
    /// The default is <see cref="CloudRetryOptions"/>' defaults.
    /// </summary>
    public CloudRetryOptions Retry { get; init; } = new();

    /// <summary>How often an upload may start over with a new session after its session expired (404/410). The default is 2.</summary>
    public int MaxSessionRestarts { get; init; } = 2;

    /// <summary>Clock of backoffs and timeouts (tests may pass a fake one). The default is the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Options from the environment: an emulator without credentials when <c>STORAGE_EMULATOR_HOST</c> is set,
    /// otherwise Google's endpoint with application default credentials (<see cref="CloudCredentials.FromEnvironment"/>),
    /// looked up on the first request, so a process that never opens a gs:// location never touches them.
    /// </summary>
    public static GcsOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        var host = (getVariable ?? Environment.GetEnvironmentVariable)(EmulatorHostVariable);
        return string.IsNullOrWhiteSpace(host) ? ForGoogle(CloudCredentials.FromEnvironment()) : ForEmulator(host);
    }

    /// <summary>Google's endpoint with <paramref name="credentials"/>.</summary>
    public static GcsOptions ForGoogle(IAccessTokenSource credentials) => new() { Credentials = credentials };

    /// <summary>
    /// Options for an emulator at <paramref name="host"/> (<c>http://127.0.0.1:9199</c>, or <c>127.0.0.1:9199</c>
    /// meaning http): no credentials, and resumable sessions in one request, because the firebase-tools
    /// emulator does not accept chunked uploads (the chunked path is tested against our own loopback server).
    /// </summary>
    public static GcsOptions ForEmulator(string host)
    {
        var text = host.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{EmulatorHostVariable}='{host}' is not an http(s)://host:port address", nameof(host));
        return new GcsOptions { Endpoint = endpoint, Credentials = NoCredentials.Instance, ChunkSize = null };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || !Endpoint.AbsolutePath.EndsWith('/'))
            throw new ArgumentException($"GCS endpoint '{Endpoint}' must be an absolute URI ending in '/'");
        if (MultipartThreshold is < 0 or > 256 << 20)
            throw new ArgumentException($"GCS MultipartThreshold {MultipartThreshold} must be 0..256 MiB");
        if (ChunkSize is { } chunk && (chunk <= 0 || chunk % ChunkGranularity != 0))
            throw new ArgumentException($"GCS ChunkSize {chunk} must be a positive multiple of {ChunkGranularity} (256 KiB)");
        if (ReadBufferSize is < 4096 or > 256 << 20)
            throw new ArgumentException($"GCS ReadBufferSize {ReadBufferSize} must be 4 KiB..256 MiB");
        if (ReadAheadStart < 4096 || ReadAheadStart > ReadBufferSize)
            throw new ArgumentException($"GCS ReadAheadStart {ReadAheadStart} must be 4 KiB..ReadBufferSize");
        if (MaxSessionRestarts is < 0 or > 10)
            throw new ArgumentException($"GCS MaxSessionRestarts {MaxSessionRestarts} must be 0..10");
        ArgumentNullException.ThrowIfNull(Credentials, nameof(Credentials));
        Retry.Validate();
    }
}
