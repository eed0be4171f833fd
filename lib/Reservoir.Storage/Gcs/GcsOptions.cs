using Reservoir.Storage.Gcs.Auth;

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

    /// <summary>Where access tokens come from. Required: only <see cref="NoCredentials"/> exists in this build.</summary>
    public required IGcsAccessTokenSource Credentials { get; init; }

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

    /// <summary>Limit on one attempt of one request, body included; a timed-out attempt is retried. The default is 2 minutes.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public GcsRetryOptions Retry { get; init; } = new();

    /// <summary>
    /// Options from the environment: an emulator when <c>STORAGE_EMULATOR_HOST</c> is set, otherwise null
    /// (Google credentials are not supported in this build, so there is nothing to configure).
    /// </summary>
    public static GcsOptions? FromEnvironment(Func<string, string?>? getVariable = null)
    {
        var host = (getVariable ?? Environment.GetEnvironmentVariable)(EmulatorHostVariable);
        return string.IsNullOrWhiteSpace(host) ? null : ForEmulator(host);
    }

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
        if (AttemptTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"GCS AttemptTimeout {AttemptTimeout} must be positive");
        Retry.Validate();
    }
}

/// <summary>Retries of transient failures (408, 429, 5xx, dropped connections, timeouts).</summary>
public sealed record GcsRetryOptions
{
    /// <summary>Retries after the first attempt, 0..20. The default is 6.</summary>
    public int MaxRetryAttempts { get; init; } = 6;

    /// <summary>First backoff; doubles each retry, with jitter. The default is 0.5 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest backoff between two attempts. The default is 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A server's Retry-After is honoured up to this. The default is 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Clock for backoff delays (tests may pass a fake one). The default is the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Validate()
    {
        if (MaxRetryAttempts is < 0 or > 20) throw new ArgumentException($"GCS MaxRetryAttempts {MaxRetryAttempts} must be 0..20");
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay) throw new ArgumentException($"GCS retry delays must satisfy 0 <= BaseDelay ({BaseDelay}) <= MaxDelay ({MaxDelay})");
        if (MaxRetryAfter < TimeSpan.Zero) throw new ArgumentException($"GCS MaxRetryAfter {MaxRetryAfter} must not be negative");
    }
}
