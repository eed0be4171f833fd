using Reservoir.Cloud;
using Reservoir.Storage.Gcs;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Cloud;
using Xunit;

namespace Reservoir.Storage.Tests.Gcs.Auth;

/// <summary>
/// The store sends the credential's token as <c>Authorization: Bearer</c> to a loopback server standing in for
/// Cloud Storage, with the token from a service-account key verified by the same server's token endpoint.
/// </summary>
public sealed class GcsCredentialsTests : IAsyncDisposable
{
    private readonly LoopbackTokenServer _server = new();
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private GcsObjectStore Store(IAccessTokenSource credentials) =>
        new("bucket", GcsOptions.ForGoogle(credentials) with
        {
            Endpoint = _server.BaseAddress,
            Retry = new CloudRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
        });

    [Fact]
    public async Task Requests_WithServiceAccountKey_CarryBearerToken()
    {
        var key = _dir.File("key.json");
        _server.WriteServiceAccountKey(key);
        var store = Store(CloudCredentials.FromFile(key));

        Assert.Null(await store.StatAsync("a.fil", Ct));
        Assert.Null(await store.StatAsync("b.fil", Ct));

        Assert.Equal(2, _server.ApiCalls.Count);
        Assert.All(_server.ApiCalls, call => Assert.Equal("Bearer sa-token-1", call.Authorization));
        Assert.Equal(1, _server.GrantsIssued);
    }

    [Fact]
    public async Task Requests_CredentialsRefused_FailAtOnceWithoutCallingTheApi()
    {
        var key = _dir.File("bad.json");
        await using (var other = new LoopbackTokenServer()) other.WriteServiceAccountKey(key);
        // Same key, but this server never issued it: the grant is refused.
        File.WriteAllText(key, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(key), "http://127.0.0.1:\\d+/token", _server.TokenUrl));

        var e = await Assert.ThrowsAsync<CloudCredentialsException>(() => Store(CloudCredentials.FromFile(key)).StatAsync("a.fil", Ct));

        Assert.Contains("invalid_grant", e.Message);
        Assert.Single(_server.Rejections);
        Assert.Empty(_server.ApiCalls);
    }

    [Fact]
    public async Task Requests_ToEmulator_CarryNoAuthorization()
    {
        var store = new GcsObjectStore("bucket", GcsOptions.ForEmulator(_server.BaseAddress.ToString()));

        Assert.Null(await store.StatAsync("a.fil", Ct));

        Assert.Null(Assert.Single(_server.ApiCalls).Authorization);
    }
}
