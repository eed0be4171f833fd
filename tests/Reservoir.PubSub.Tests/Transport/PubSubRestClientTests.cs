using System.Net;
using System.Text;
using Reservoir.Cloud;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Transport;
using Xunit;

namespace Reservoir.PubSub.Tests.Transport;

/// <summary>
/// Which answers are retried. The emulator cannot be made to answer 429 or 503, so these use an HTTP handler that
/// answers with a script of statuses and Google-style error bodies (the emulator's own errors are tested elsewhere).
/// </summary>
public sealed class PubSubRestClientTests
{
    private static readonly TopicName Topic = new("proj", "observations");
    private static readonly CloudRetryOptions FastRetry = new() { MaxAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private sealed class ScriptedHandler(params (HttpStatusCode Code, string Body)[] script) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (code, body) = script[Math.Min(Calls++, script.Length - 1)];
            return Task.FromResult(new HttpResponseMessage(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private static string Error(int code, string status, string message) =>
        $"{{\"error\":{{\"code\":{code},\"message\":\"{message}\",\"status\":\"{status}\"}}}}";

    private static Task<IReadOnlyList<string>> PublishAsync(ScriptedHandler handler, CloudRetryOptions? retry = null)
    {
        var client = PubSubClient.Create(PubSubEndpoint.Emulator("127.0.0.1:1"), retry ?? FastRetry, handler: handler);
        return client.CreatePublisher(Topic).PublishAsync([OutgoingMessage.FromText("x")], TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE")]
    [InlineData(HttpStatusCode.TooManyRequests, "RESOURCE_EXHAUSTED")]
    [InlineData(HttpStatusCode.InternalServerError, "INTERNAL")]
    [InlineData(HttpStatusCode.GatewayTimeout, "DEADLINE_EXCEEDED")]
    public async Task TransientStatus_RetriedThenSucceeds(HttpStatusCode code, string status)
    {
        var handler = new ScriptedHandler((code, Error((int)code, status, "busy")), (code, Error((int)code, status, "busy")), (HttpStatusCode.OK, "{\"messageIds\":[\"42\"]}"));

        var ids = await PublishAsync(handler);

        Assert.Equal(["42"], ids);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task BadRequest_NotRetried_ErrorNamesTopicStatusAndServerMessage()
    {
        var handler = new ScriptedHandler((HttpStatusCode.BadRequest, Error(400, "INVALID_ARGUMENT", "bad attribute")));

        var e = await Assert.ThrowsAsync<PubSubException>(() => PublishAsync(handler));

        Assert.Equal(1, handler.Calls);
        Assert.Equal("INVALID_ARGUMENT", e.Status);
        Assert.Contains("projects/proj/topics/observations", e.Message);
        Assert.Contains("HTTP 400 INVALID_ARGUMENT", e.Message);
        Assert.Contains("bad attribute", e.Message);
    }

    [Fact]
    public async Task Unavailable_RetriesRunOut_ErrorSaysHowManyAttempts()
    {
        var handler = new ScriptedHandler((HttpStatusCode.ServiceUnavailable, "<html>proxy</html>"));

        var e = await Assert.ThrowsAsync<PubSubException>(() => PublishAsync(handler));

        Assert.Equal(5, handler.Calls);
        Assert.Equal(5, e.Attempts);
        Assert.Contains("HTTP 503", e.Message);
        Assert.Contains("<html>proxy</html>", e.Message);
    }
}
