namespace Reservoir.Cloud;

/// <summary>
/// Supplies the OAuth2 access token a client sends as <c>Authorization: Bearer …</c>, or null to send none.
/// Clients ask before every attempt (retries included), so implementations must cache and refresh tokens
/// themselves and answer quickly while a token is fresh. Thread-safe.
/// </summary>
public interface IAccessTokenSource
{
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// No credentials: what an emulator expects. Google's clients send none when <c>STORAGE_EMULATOR_HOST</c> or
/// <c>PUBSUB_EMULATOR_HOST</c> is set, and so do ours.
/// </summary>
public sealed class NoCredentials : IAccessTokenSource
{
    public static NoCredentials Instance { get; } = new();

    private NoCredentials() { }

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
