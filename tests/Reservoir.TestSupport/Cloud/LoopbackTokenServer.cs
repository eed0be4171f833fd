using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Reservoir.TestSupport.Cloud;

/// <summary>
/// A loopback HTTP server that plays Google's token services for credential tests:
/// (a) the GCE/GKE metadata server: <c>GET /computeMetadata/v1/instance/service-accounts/default/token</c>,
/// answered only with the <c>Metadata-Flavor: Google</c> header (403 without, as the real one);
/// (b) the OAuth token endpoint of a service-account key (<c>POST /token</c>, JWT bearer grant): the assertion's
/// RS256 signature is verified with the key made by <see cref="WriteServiceAccountKey"/>, and its claims (iss,
/// aud, scope, iat/exp) are checked; a bad one is refused with 400 invalid_grant and the reason kept in
/// <see cref="Rejections"/>. Any other request is an "API call": its Authorization header is recorded in
/// <see cref="ApiCalls"/> and <see cref="Api"/> answers it, so GCS and Pub/Sub clients can be pointed here too.
/// Tokens are <c>metadata-token-N</c> and <c>sa-token-N</c>, valid for <see cref="ExpiresInSeconds"/>.
/// </summary>
public sealed class LoopbackTokenServer : IAsyncDisposable
{
    public const string MetadataTokenPath = "/computeMetadata/v1/instance/service-accounts/default/token";
    public const string TokenPath = "/token";

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, ServiceAccountKey> _keys = new();
    private int _metadataTokens;
    private int _grants;

    public LoopbackTokenServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            Port = LoopbackPort.Free();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c></summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string MetadataTokenUrl => $"http://127.0.0.1:{Port}{MetadataTokenPath}";

    public string TokenUrl => $"http://127.0.0.1:{Port}{TokenPath}";

    /// <summary>Lifetime of the tokens handed out, in seconds. The default is 3600.</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    /// <summary>Tokens the metadata endpoint handed out.</summary>
    public int MetadataTokensIssued => Volatile.Read(ref _metadataTokens);

    /// <summary>Tokens the OAuth endpoint handed out for valid JWT grants.</summary>
    public int GrantsIssued => Volatile.Read(ref _grants);

    /// <summary>Why requests were refused (a missing Metadata-Flavor header, a bad signature or claim).</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    /// <summary>Every other request: method, path and query, and its Authorization header (null when none).</summary>
    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization)> ApiCalls { get; } = new();

    /// <summary>Answers API calls: status and JSON body for a method and path. The default is 404 with an error body.</summary>
    public Func<string, string, (int Status, string Json)> Api { get; set; } =
        (_, _) => (404, "{\"error\":{\"code\":404,\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}");

    /// <summary>
    /// Writes a service-account key file (a fresh RSA key) whose <c>token_uri</c> is this server, and accepts
    /// JWT grants signed with it from then on. Returns the account's e-mail.
    /// </summary>
    public string WriteServiceAccountKey(string path, string accountName = "reservoir-test")
    {
        var key = ServiceAccountKey.Create($"{accountName}@test-project.iam.gserviceaccount.com");
        _keys[key.ClientEmail] = key;
        File.WriteAllText(path, key.ToJson(TokenUrl));
        return key.ClientEmail;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        try
        {
            var path = request.Url!.AbsolutePath;
            if (request.HttpMethod == "GET" && path == MetadataTokenPath) await MetadataAsync(context);
            else if (request.HttpMethod == "POST" && path == TokenPath) await GrantAsync(context);
            else
            {
                ApiCalls.Enqueue((request.HttpMethod, request.Url.PathAndQuery, request.Headers["Authorization"]));
                var (status, json) = Api(request.HttpMethod, path);
                await AnswerAsync(context.Response, status, json);
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
    }

    private async Task MetadataAsync(HttpListenerContext context)
    {
        if (context.Request.Headers["Metadata-Flavor"] != "Google")
        {
            Rejections.Enqueue("metadata request without 'Metadata-Flavor: Google'");
            await AnswerAsync(context.Response, 403, "{\"error\":\"missing Metadata-Flavor header\"}");
            return;
        }
        var n = Interlocked.Increment(ref _metadataTokens);
        await AnswerAsync(context.Response, 200, TokenJson($"metadata-token-{n}"));
    }

    private async Task GrantAsync(HttpListenerContext context)
    {
        string form;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) form = await reader.ReadToEndAsync();
        var fields = form.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");
        var problem = fields.GetValueOrDefault("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer"
            ? $"grant_type '{fields.GetValueOrDefault("grant_type")}' is not the JWT bearer grant"
            : JwtGrantCheck.Problem(fields.GetValueOrDefault("assertion") ?? "", _keys, TokenUrl);
        if (problem is not null)
        {
            Rejections.Enqueue(problem);
            await AnswerAsync(context.Response, 400, JsonSerializer.Serialize(new { error = "invalid_grant", error_description = problem }));
            return;
        }
        var n = Interlocked.Increment(ref _grants);
        await AnswerAsync(context.Response, 200, TokenJson($"sa-token-{n}"));
    }

    private string TokenJson(string token) =>
        JsonSerializer.Serialize(new { access_token = token, expires_in = ExpiresInSeconds, token_type = "Bearer" });

    private static async Task AnswerAsync(HttpListenerResponse response, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop; }
        catch (ObjectDisposedException) { }
    }
}
