namespace Reservoir.PubSub.Connection;

/// <summary>
/// Supplies the OAuth2 bearer token for each request, or null for none. Implementations cache and refresh
/// tokens themselves; the client asks before every attempt (including retries), so a refreshed token is used.
/// Only the emulator's <see cref="NoAccessToken"/> exists so far: Google credentials (metadata server, key file,
/// user credentials via Google.Apis.Auth) are still to be written.
/// </summary>
public interface IAccessTokenSource
{
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>No credentials: what the emulator expects (it ignores an Authorization header, but sends none).</summary>
public sealed class NoAccessToken : IAccessTokenSource
{
    public static NoAccessToken Instance { get; } = new();

    private NoAccessToken() { }

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
