using Google.Apis.Auth.OAuth2;
using Reservoir.Cloud;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Transport;
using Reservoir.TestSupport.Cloud;
using Xunit;

namespace Reservoir.PubSub.Tests.Connection;

/// <summary>
/// The client sends the credential's token as <c>Authorization: Bearer</c> to a loopback server standing in for
/// Pub/Sub; the token comes from the same server playing the GKE metadata server (Workload Identity).
/// </summary>
public sealed class PubSubCredentialsTests : IAsyncDisposable
{
    private readonly LoopbackTokenServer _server = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private IAccessTokenSource MetadataCredentials() =>
        CloudCredentials.FromGoogleCredential(GoogleCredential.FromComputeCredential(new ComputeCredential(new ComputeCredential.Initializer(_server.MetadataTokenUrl))));

    [Fact]
    public async Task Publish_WithMetadataServerCredentials_CarriesBearerToken()
    {
        _server.Api = (method, path) => method == "POST" && path.EndsWith(":publish", StringComparison.Ordinal)
            ? (200, "{\"messageIds\":[\"m-1\"]}")
            : (404, "{}");
        var endpoint = PubSubEndpoint.Google(MetadataCredentials()) with { BaseAddress = _server.BaseAddress };
        using var client = PubSubClient.Create(endpoint);

        var publisher = client.CreatePublisher(new TopicName("proj", "observations"));
        var first = await publisher.PublishAsync([OutgoingMessage.FromText("obs-1")], Ct);
        var second = await publisher.PublishAsync([OutgoingMessage.FromText("obs-2")], Ct);

        Assert.Equal(["m-1"], first);
        Assert.Equal(["m-1"], second);
        Assert.Equal(2, _server.ApiCalls.Count);
        Assert.All(_server.ApiCalls, call => Assert.Equal("Bearer metadata-token-1", call.Authorization));
        Assert.Equal(1, _server.MetadataTokensIssued);
    }

    [Fact]
    public async Task Publish_CredentialsGivenToCreate_OverrideTheEndpoints()
    {
        _server.Api = (_, _) => (200, "{\"messageIds\":[\"m-2\"]}");
        using var client = PubSubClient.Create(PubSubEndpoint.Emulator($"127.0.0.1:{_server.Port}"), credentials: MetadataCredentials());

        await client.CreatePublisher(new TopicName("proj", "observations")).PublishAsync([OutgoingMessage.FromText("obs-1")], Ct);

        Assert.Equal("Bearer metadata-token-1", Assert.Single(_server.ApiCalls).Authorization);
    }

    [Fact]
    public async Task Publish_NoCredentialsFound_PubSubErrorSaysWhereItLooked()
    {
        var missing = CloudCredentials.FromFile(Path.Combine(Path.GetTempPath(), $"reservoir-missing-{Guid.NewGuid():N}.json"));
        var endpoint = PubSubEndpoint.Google(missing) with { BaseAddress = _server.BaseAddress };
        using var client = PubSubClient.Create(endpoint);

        var e = await Assert.ThrowsAsync<PubSubException>(() => client.CreatePublisher(new TopicName("proj", "observations")).PublishAsync([OutgoingMessage.FromText("x")], Ct));

        Assert.Equal("UNAUTHENTICATED", e.Status);
        Assert.Contains("reservoir-missing-", e.Message);
        Assert.Equal(1, e.Attempts);
        Assert.Empty(_server.ApiCalls);
    }
}
