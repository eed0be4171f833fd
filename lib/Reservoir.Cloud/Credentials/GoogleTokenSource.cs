using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace Reservoir.Cloud;

/// <summary>
/// A Google.Apis.Auth credential behind <see cref="IAccessTokenSource"/>. The credential is loaded on the
/// first request (and again after a failed load); Google.Apis.Auth caches its token and refreshes it before
/// expiry, so most calls return at once. A refused grant becomes a <see cref="CloudCredentialsException"/>;
/// network failures on the way to the token server pass through and count as transient for the caller's retries.
/// </summary>
internal sealed class GoogleTokenSource(
    Func<CancellationToken, Task<GoogleCredential>> load, string description, Func<Exception, CloudCredentialsException> loadFailed)
    : IAccessTokenSource
{
    private readonly Lock _gate = new();
    private Task<ITokenAccess>? _credential;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var credential = await CredentialAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await credential.GetAccessTokenForRequestAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (TokenResponseException e)
        {
            throw new CloudCredentialsException(
                $"{description}: the token server refused: {e.Error?.Error ?? e.StatusCode?.ToString() ?? "error"}"
                + (e.Error?.ErrorDescription is { Length: > 0 } detail ? $" ({detail})" : ""), e);
        }
    }

    private Task<ITokenAccess> CredentialAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_credential is null || _credential.IsFaulted || _credential.IsCanceled) _credential = LoadAsync(cancellationToken);
            return _credential;
        }
    }

    private async Task<ITokenAccess> LoadAsync(CancellationToken cancellationToken)
    {
        GoogleCredential credential;
        try
        {
            credential = await load(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException or Newtonsoft.Json.JsonException or System.Text.Json.JsonException)
        {
            throw loadFailed(e);
        }
        return credential.IsCreateScopedRequired ? credential.CreateScoped(CloudCredentials.CloudPlatformScope) : credential;
    }
}
