using Reservoir.Cloud;
using Reservoir.PubSub.Connection;
using Xunit;

namespace Reservoir.PubSub.Tests.Connection;

public sealed class PubSubEndpointTests
{
    [Fact]
    public void Emulator_HostPort_PlainHttpWithNoToken()
    {
        var endpoint = PubSubEndpoint.Emulator("127.0.0.1:8085");
        Assert.Equal(new Uri("http://127.0.0.1:8085/"), endpoint.BaseAddress);
        Assert.Same(NoCredentials.Instance, endpoint.Tokens);
        Assert.True(endpoint.IsEmulator);
    }

    [Theory]
    [InlineData("http://localhost:8085")]
    [InlineData("localhost:")]
    [InlineData("")]
    public void Emulator_NotHostPort_ThrowsNamingTheVariable(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => PubSubEndpoint.Emulator(value));
        Assert.Contains("PUBSUB_EMULATOR_HOST", e.Message);
    }

    [Fact]
    public async Task NoCredentials_GivesNoToken()
    {
        Assert.Null(await NoCredentials.Instance.GetTokenAsync(TestContext.Current.CancellationToken));
    }
}
