using Reservoir.Storage.Local;
using Reservoir.TestSupport;

namespace Reservoir.Web.Tests.Support;

/// <summary>A results folder in a fresh temp folder, a store writing into it, and a server over it on a free loopback port.</summary>
internal sealed class LocalSite : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("reservoir-web");
    private ResultsServer? _server;

    public LocalSite()
    {
        Root = Path.Combine(_temp.Path, "results");
        Directory.CreateDirectory(Root);
        Store = new LocalFolderObjectStore(Root);
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
    }

    /// <summary>The temp folder holding <see cref="Root"/> (tests put "outside" files here).</summary>
    public string Parent => _temp.Path;

    public string Root { get; }
    public LocalFolderObjectStore Store { get; }
    public HttpClient Http { get; }
    public Uri Url => _server?.Url ?? throw new InvalidOperationException("call StartAsync first");

    public async Task<LocalSite> StartAsync(Func<WebOptions, WebOptions>? tweak = null)
    {
        var options = new WebOptions { Root = Root, Url = "http://127.0.0.1:0" };
        _server = await ResultsServer.StartAsync(tweak?.Invoke(options) ?? options);
        Http.BaseAddress = _server.Url;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _temp.Dispose();
    }
}
