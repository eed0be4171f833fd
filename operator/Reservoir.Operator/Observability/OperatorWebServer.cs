using System.Net;
using Microsoft.Extensions.Logging;
using Reservoir.Operator.Observability.Http;

namespace Reservoir.Operator.Observability;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus text), <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness) on one port
/// of every interface (0 picks a free port; see <see cref="Port"/>). Health checks answer 200 when healthy and 503
/// otherwise; other paths 404; methods other than GET and HEAD 405. Runs on a small socket responder rather than
/// Kestrel, so the operator process does not load ASP.NET Core.
/// </summary>
public sealed class OperatorWebServer : IAsyncDisposable
{
    private const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";
    private static readonly KeyValuePair<string, string>[] AllowGetHead = [new("Allow", "GET, HEAD")];

    private readonly MinimalHttpServer _server;

    private OperatorWebServer(MinimalHttpServer server) => _server = server;

    /// <summary>The port actually bound.</summary>
    public int Port => _server.Port;

    /// <summary>Starts listening at once; throws <see cref="System.Net.Sockets.SocketException"/> when the port is taken.</summary>
    public static Task<OperatorWebServer> StartAsync(
        int port, OperatorMetrics metrics, OperatorHealth health, ILoggerFactory loggers, IPAddress? address = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var endpoints = new Endpoints(metrics, health);
        var server = MinimalHttpServer.Start(port, endpoints.ReplyAsync, loggers.CreateLogger<OperatorWebServer>(), address);
        return Task.FromResult(new OperatorWebServer(server));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class Endpoints(OperatorMetrics metrics, OperatorHealth health)
    {
        public async ValueTask<HttpReply> ReplyAsync(HttpRequestHead request, CancellationToken cancellationToken)
        {
            if (request.Path is not ("/metrics" or "/healthz" or "/readyz"))
                return HttpReply.Text(404, $"no endpoint at {request.Path}; try /metrics, /healthz or /readyz\n");
            if (request.Method is not ("GET" or "HEAD"))
                return HttpReply.Text(405, $"{request.Method} is not allowed on {request.Path}; use GET or HEAD\n", AllowGetHead);
            return request.Path switch
            {
                "/metrics" => await MetricsAsync(cancellationToken),
                "/healthz" => Health(health.Liveness()),
                _ => Health(health.Readiness()),
            };
        }

        private async Task<HttpReply> MetricsAsync(CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            await metrics.WriteAsync(body, cancellationToken);
            return new HttpReply(200, PrometheusText, body.GetBuffer().AsMemory(0, (int)body.Length));
        }

        private static HttpReply Health(HealthReport report) => HttpReply.Text(report.Healthy ? 200 : 503, report.Text);
    }
}
