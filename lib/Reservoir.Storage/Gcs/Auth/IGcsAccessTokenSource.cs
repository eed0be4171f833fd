namespace Reservoir.Storage.Gcs.Auth;

/// <summary>
/// Supplies the OAuth2 access token sent as <c>Authorization: Bearer …</c> with every request, or null to send
/// none. Implementations cache and refresh tokens themselves; this is called before each request.
/// Only <see cref="NoCredentials"/> exists in this build: Google credentials (metadata server, key files,
/// user credentials through Google.Apis.Auth) are still to come, so the store works against an emulator only.
/// </summary>
public interface IGcsAccessTokenSource
{
    ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
}

/// <summary>Sends no credentials, as Google's clients do when <c>STORAGE_EMULATOR_HOST</c> is set.</summary>
public sealed class NoCredentials : IGcsAccessTokenSource
{
    public static NoCredentials Instance { get; } = new();

    private NoCredentials() { }

    public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
