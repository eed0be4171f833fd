namespace Reservoir.PubSub.Tests.Emulator;

/// <summary>Passes requests to the real network and counts them by path suffix (to see how a call was split).</summary>
internal sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<string> _paths = [];

    public IReadOnlyList<string> Paths
    {
        get { lock (_paths) return [.. _paths]; }
    }

    public int Count(string suffix) => Paths.Count(p => p.EndsWith(suffix, StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_paths) _paths.Add(request.RequestUri!.AbsolutePath);
        return base.SendAsync(request, cancellationToken);
    }
}
