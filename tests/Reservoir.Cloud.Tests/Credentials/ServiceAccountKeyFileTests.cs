using Reservoir.TestSupport;
using Reservoir.TestSupport.Cloud;
using Xunit;

namespace Reservoir.Cloud.Tests.Credentials;

/// <summary>
/// <see cref="CloudCredentials.FromFile"/> with a service-account key whose token_uri is our loopback token
/// server, which verifies each JWT grant's RS256 signature and claims as Google's endpoint does.
/// </summary>
public sealed class ServiceAccountKeyFileTests : IAsyncDisposable
{
    private readonly LoopbackTokenServer _server = new();
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private string KeyFile()
    {
        var path = _dir.File("key.json");
        _server.WriteServiceAccountKey(path);
        return path;
    }

    [Fact]
    public async Task GetToken_ValidKey_SignedGrantAcceptedAndTokenReturned()
    {
        var source = CloudCredentials.FromFile(KeyFile());

        var token = await source.GetTokenAsync(Ct);

        Assert.Equal("sa-token-1", token);
        Assert.Empty(_server.Rejections);
        Assert.Equal(1, _server.GrantsIssued);
    }

    [Fact]
    public async Task GetToken_ManyCalls_OneGrantThenCached()
    {
        var source = CloudCredentials.FromFile(KeyFile());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => source.GetTokenAsync(Ct).AsTask()));
        for (var i = 0; i < 10; i++) tokens = [.. tokens, await source.GetTokenAsync(Ct)];

        Assert.All(tokens, t => Assert.Equal("sa-token-1", t));
        Assert.Equal(1, _server.GrantsIssued);
    }

    [Fact]
    public async Task GetToken_TokenNearExpiry_RefreshedWithNewGrant()
    {
        // Google.Apis.Auth treats a token within five minutes of expiry as expired: a 60 s token is refreshed every time.
        _server.ExpiresInSeconds = 60;
        var source = CloudCredentials.FromFile(KeyFile());

        var first = await source.GetTokenAsync(Ct);
        var second = await source.GetTokenAsync(Ct);

        Assert.Equal("sa-token-1", first);
        Assert.Equal("sa-token-2", second);
        Assert.Equal(2, _server.GrantsIssued);
    }

    [Fact]
    public async Task GetToken_KeyTheServerDoesNotKnow_RefusedWithServersReason()
    {
        await using var other = new LoopbackTokenServer();
        var path = _dir.File("stranger.json");
        other.WriteServiceAccountKey(path, "stranger");
        // The same key file, but sent to a token server that never issued that key.
        File.WriteAllText(path, File.ReadAllText(path).Replace(other.TokenUrl, _server.TokenUrl, StringComparison.Ordinal));

        var e = await Assert.ThrowsAsync<CloudCredentialsException>(() => CloudCredentials.FromFile(path).GetTokenAsync(Ct).AsTask());

        Assert.Contains("invalid_grant", e.Message);
        Assert.Contains("stranger@", Assert.Single(_server.Rejections));
        Assert.Equal(0, _server.GrantsIssued);
    }

    [Fact]
    public async Task GetToken_MissingFile_ErrorNamesTheFile()
    {
        var path = _dir.File("nowhere.json");
        var source = CloudCredentials.FromFile(path); // lazy: nothing read yet

        var e = await Assert.ThrowsAsync<CloudCredentialsException>(() => source.GetTokenAsync(Ct).AsTask());

        Assert.Contains(path, e.Message);
    }
}
