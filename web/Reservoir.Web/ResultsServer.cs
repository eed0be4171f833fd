using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Reservoir.Storage.Locations;
using Reservoir.Web.Hosting;
using Reservoir.Web.Index;
using Reservoir.Web.Storage;

namespace Reservoir.Web;

/// <summary>
/// The read-only results site over a results folder or <c>gs://</c> prefix (<see cref="WebOptions.Root"/>).
/// <see cref="StartAsync"/> validates the options, opens the root, binds the address (port 0 picks a free
/// one) and returns once the server is listening; <see cref="Url"/> is the address actually bound.
/// </summary>
public sealed class ResultsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ResultsServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The bound base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts serving. <paramref name="resolver"/> opens the root (default: <see cref="ObjectStoreResolver.CreateDefault"/>);
    /// <paramref name="timeProvider"/> ages the index (default: system time). Throws <see cref="ArgumentException"/>
    /// for bad options or a root that cannot be opened.
    /// </summary>
    public static async Task<ResultsServer> StartAsync(WebOptions options, ObjectStoreResolver? resolver = null,
        TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var root = ResultsRoot.Open(options.Root, resolver ?? ObjectStoreResolver.CreateDefault());
        var index = new ResultIndex(root, options.IndexRefreshInterval, timeProvider ?? TimeProvider.System);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(ResultsServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url);
        var app = builder.Build();
        app.Use(ReadOnlyMethods.InvokeAsync);
        new Routes(root, index, options).Map(app);
        await app.StartAsync(cancellationToken);
        var bound = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException($"the server did not report a bound address for {options.Url}");
        _ = index.EntriesAsync(refresh: false, CancellationToken.None); // warm the index before the first page
        return new ResultsServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <summary>Completes when the server stops (after <see cref="StopAsync"/> or when <paramref name="cancellationToken"/> fires).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        try { await Task.Delay(Timeout.Infinite, cancellationToken); }
        catch (OperationCanceledException) { }
        await StopAsync();
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
