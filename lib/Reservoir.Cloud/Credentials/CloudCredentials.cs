using Google.Apis.Auth.OAuth2;

namespace Reservoir.Cloud;

/// <summary>
/// Google credentials as token sources, through Google.Apis.Auth. Every source here is lazy: nothing is read
/// or fetched until the first request asks for a token, so a process that never talks to Google never
/// touches credentials. Tokens are cached and refreshed before they expire by Google.Apis.Auth itself.
/// </summary>
public static class CloudCredentials
{
    /// <summary>The one scope our clients ask for: every Google Cloud API the credential's roles allow.</summary>
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>
    /// Application default credentials, looked up on first use in Google's order: the key file named by
    /// <c>GOOGLE_APPLICATION_CREDENTIALS</c>; gcloud user credentials
    /// (<c>gcloud auth application-default login</c>); the GCE/GKE metadata server (Workload Identity).
    /// When none is found, the first token request throws a <see cref="CloudCredentialsException"/> that lists
    /// the three places. A failed lookup is retried on the next request.
    /// </summary>
    public static IAccessTokenSource FromEnvironment() =>
        FromEnvironment(Environment.GetEnvironmentVariable, GoogleCredential.GetApplicationDefaultAsync);

    /// <summary><see cref="FromEnvironment()"/> with the lookup and the variables its error describes given (tests).</summary>
    internal static IAccessTokenSource FromEnvironment(Func<string, string?> getVariable, Func<CancellationToken, Task<GoogleCredential>> discover) =>
        new GoogleTokenSource(discover, "application default credentials",
            e => new CloudCredentialsException(ApplicationDefaultSearch.Describe(getVariable, e.Message), e));

    /// <summary>
    /// Credentials from an explicit JSON file: a service-account key (exchanged for tokens at the file's
    /// <c>token_uri</c>) or gcloud user credentials; other types (external accounts) are refused. The file is read on first use; a missing or malformed file
    /// fails that request with a <see cref="CloudCredentialsException"/> naming it.
    /// </summary>
    public static IAccessTokenSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return new GoogleTokenSource(ct => KeyFile.LoadAsync(full, ct), $"credentials file {full}",
            e => new CloudCredentialsException($"credentials file {full} could not be used: {e.Message}", e));
    }

    /// <summary>Wraps a credential built by the caller (scoped to <see cref="CloudPlatformScope"/> when it needs scopes).</summary>
    public static IAccessTokenSource FromGoogleCredential(GoogleCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new GoogleTokenSource(_ => Task.FromResult(credential), "the given Google credential",
            e => new CloudCredentialsException($"the given Google credential could not be used: {e.Message}", e));
    }

    /// <summary>
    /// What both clients do: <see cref="NoCredentials"/> when <paramref name="emulatorHostVariable"/> is set
    /// (an emulator), otherwise <see cref="FromEnvironment"/> (lazy).
    /// </summary>
    public static IAccessTokenSource ForService(string emulatorHostVariable, Func<string, string?>? getVariable = null) =>
        string.IsNullOrWhiteSpace((getVariable ?? Environment.GetEnvironmentVariable)(emulatorHostVariable))
            ? FromEnvironment()
            : NoCredentials.Instance;
}
