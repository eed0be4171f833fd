using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reservoir.Operator.Observability;

/// <summary>
/// Kestrel serving <c>/metrics</c> (Prometheus text), <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness)
/// on one port of every interface (0 picks a free port; see <see cref="Port"/>). 200 when healthy, 503 otherwise.
/// </summary>
public sealed class OperatorWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OperatorWebServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port actually bound.</summary>
    public int Port { get; }

    public static async Task<OperatorWebServer> StartAsync(
        int port, OperatorMetrics metrics, OperatorHealth health, ILoggerFactory loggers, IPAddress? address = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address ?? IPAddress.Any, port));
        var app = builder.Build();
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted);
        });
        app.MapGet("/healthz", context => WriteAsync(context, health.Liveness()));
        app.MapGet("/readyz", context => WriteAsync(context, health.Readiness()));
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port)
            .First();
        return new OperatorWebServer(app, bound);
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(report.Text, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
