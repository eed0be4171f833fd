using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.Operator.Observability;
using Xunit;

namespace Reservoir.Operator.Tests.Observability;

public sealed class OperatorWebServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<OperatorWebServer> StartAsync(OperatorMetrics? metrics = null) =>
        await OperatorWebServer.StartAsync(0, metrics ?? new OperatorMetrics(), new OperatorHealth(), NullLoggerFactory.Instance, IPAddress.Loopback, Ct);

    private static HttpClient Client(OperatorWebServer server) => new() { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/") };

    // Sends raw bytes and returns everything the server wrote before closing.
    private static async Task<string> RawAsync(OperatorWebServer server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }

    [Fact]
    public async Task Metrics_Get_PrometheusTextWithContentType()
    {
        var metrics = new OperatorMetrics();
        metrics.JobCreated("energy-detection", TimeSpan.FromSeconds(1));
        await using var server = await StartAsync(metrics);
        using var http = Client(server);

        var response = await http.GetAsync("metrics?name[]=x", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("reservoir_jobs_created_total{algorithm=\"energy-detection\"} 1", text);
        Assert.Contains("# TYPE reservoir_dispatch_latency_seconds histogram", text);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task UnknownPath_NotFound()
    {
        await using var server = await StartAsync();
        using var http = Client(server);
        var response = await http.GetAsync("favicon.ico", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("/favicon.ico", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Post_MethodNotAllowedWithAllowHeader()
    {
        await using var server = await StartAsync();
        using var http = Client(server);
        var response = await http.PostAsync("healthz", new StringContent("x"), Ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Head_SameStatusAndLengthNoBody()
    {
        await using var server = await StartAsync();
        var get = await RawAsync(server, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await RawAsync(server, "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        var getHead = get[..(get.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", get, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nok\n", get, StringComparison.Ordinal);
        Assert.Equal(getHead, head);
        Assert.Contains("Content-Length: 3\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedRequestLine_BadRequestNamingIt()
    {
        await using var server = await StartAsync();
        var reply = await RawAsync(server, "HELLO\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", reply, StringComparison.Ordinal);
        Assert.Contains("\"HELLO\"", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SilentClient_DoesNotBlockOthers()
    {
        await using var server = await StartAsync();
        // Open connections that never send a request; each holds a slot until its client timeout.
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, server.Port, Ct);
                idle.Add(client);
            }
            using var http = Client(server);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz", Ct)).StatusCode);
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Dispose_SilentClientConnected_ClosesItsConnection()
    {
        var server = await StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port, Ct);
        using var http = Client(server);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz", Ct)).StatusCode); // the silent one was accepted first
        await server.DisposeAsync();
        var buffer = new byte[16];
        try { Assert.Equal(0, await client.GetStream().ReadAsync(buffer, Ct)); }
        catch (IOException) { } // a reset is a close too
    }
}
