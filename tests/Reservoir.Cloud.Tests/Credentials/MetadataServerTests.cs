using Google.Apis.Auth.OAuth2;
using Reservoir.TestSupport.Cloud;
using Xunit;

namespace Reservoir.Cloud.Tests.Credentials;

/// <summary>
/// Tokens from the GCE/GKE metadata server (Workload Identity on GKE), played by our loopback token server.
/// The credential is built from an explicit metadata URL rather than GCE_METADATA_HOST, so no environment
/// variable is shared with other tests.
/// </summary>
public sealed class MetadataServerTests : IAsyncDisposable
{
    private readonly LoopbackTokenServer _server = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private IAccessTokenSource Source() =>
        CloudCredentials.FromGoogleCredential(GoogleCredential.FromComputeCredential(new ComputeCredential(new ComputeCredential.Initializer(_server.MetadataTokenUrl))));

    [Fact]
    public async Task GetToken_FromMetadataServer_SendsMetadataFlavorHeader()
    {
        var token = await Source().GetTokenAsync(Ct);

        Assert.Equal("metadata-token-1", token);
        Assert.Empty(_server.Rejections);
    }

    [Fact]
    public async Task GetToken_ManyCalls_OneFetchThenCached()
    {
        var source = Source();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => source.GetTokenAsync(Ct).AsTask()));

        Assert.All(tokens, t => Assert.Equal("metadata-token-1", t));
        Assert.Equal(1, _server.MetadataTokensIssued);
    }

    [Fact]
    public async Task GetToken_TokenNearExpiry_FetchedAgain()
    {
        _server.ExpiresInSeconds = 30;
        var source = Source();

        Assert.Equal("metadata-token-1", await source.GetTokenAsync(Ct));
        Assert.Equal("metadata-token-2", await source.GetTokenAsync(Ct));
    }

    [Fact]
    public async Task LoopbackServer_WithoutMetadataFlavor_Refuses()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(_server.MetadataTokenUrl, Ct);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(0, _server.MetadataTokensIssued);
    }
}
