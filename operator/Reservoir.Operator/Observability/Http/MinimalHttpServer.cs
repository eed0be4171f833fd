using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Reservoir.Operator.Observability.Http;

/// <summary>Answers one request: its method and path in, a complete reply out.</summary>
internal delegate ValueTask<HttpReply> HttpHandler(HttpRequestHead request, CancellationToken cancellationToken);

/// <summary>
/// A small HTTP/1.1 responder on a plain socket, for probes and scrapes: one request per connection, no body read,
/// no TLS, no chunking. It exists so the operator does not load ASP.NET Core (Kestrel alone costs several MB of
/// mapped assemblies and JIT code). A client gets <see cref="ClientTimeout"/> to send its head and read the reply;
/// at most <see cref="MaxConnections"/> are served at once, further ones wait in the listen backlog.
/// </summary>
internal sealed class MinimalHttpServer : IAsyncDisposable
{
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);
    public const int MaxConnections = 16;

    private readonly TcpListener _listener;
    private readonly HttpHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly Task _acceptLoop;

    private MinimalHttpServer(TcpListener listener, HttpHandler handler, ILogger logger)
    {
        _listener = listener;
        _handler = handler;
        _logger = logger;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync(_stop.Token);
    }

    /// <summary>The port actually bound (useful when 0 was asked for).</summary>
    public int Port { get; }

    /// <summary>
    /// Listens on <paramref name="address"/>:<paramref name="port"/>; without an address, on every IPv6 and IPv4
    /// interface (dual-mode), or every IPv4 one where the host has no IPv6. Throws <see cref="SocketException"/>
    /// when the port is taken.
    /// </summary>
    public static MinimalHttpServer Start(int port, HttpHandler handler, ILogger logger, IPAddress? address = null)
    {
        var listener = address is null ? ListenAnywhere(port) : Listen(new TcpListener(address, port));
        return new MinimalHttpServer(listener, handler, logger);
    }

    private static TcpListener ListenAnywhere(int port)
    {
        if (Socket.OSSupportsIPv6)
        {
            var dual = new TcpListener(IPAddress.IPv6Any, port);
            try
            {
                dual.Server.DualMode = true;
                return Listen(dual);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
            {
                dual.Dispose();
            }
        }
        return Listen(new TcpListener(IPAddress.Any, port));
    }

    private static TcpListener Listen(TcpListener listener)
    {
        listener.Start(backlog: 64);
        return listener;
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(cancellationToken);
                Socket socket;
                try { socket = await _listener.AcceptSocketAsync(cancellationToken); }
                catch { _slots.Release(); throw; }
                connections.RemoveAll(c => c.IsCompleted);
                connections.Add(ServeAsync(socket, cancellationToken));
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            catch (SocketException e)
            {
                // A connection reset before it was accepted, or a transient resource shortage: keep listening,
                // since losing the probes' endpoint would get a healthy operator restarted.
                _logger.LogWarning("HTTP accept failed ({Error}); still listening on port {Port}", e.SocketErrorCode, Port);
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
        await Task.WhenAll(connections);
    }

    // Never throws: a bad or vanished client costs only its own connection.
    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        await Task.Yield();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(ClientTimeout);
        var token = timeout.Token;
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            HttpRequestHead? request;
            try { request = await HttpRequestHead.ReadAsync(stream, token); }
            catch (FormatException e)
            {
                await HttpReply.Text(400, e.Message + "\n").WriteAsync(stream, headOnly: false, token);
                return;
            }
            if (request is null) return;
            var reply = await ReplyAsync(request, token);
            await reply.WriteAsync(stream, headOnly: request.Method == "HEAD", token);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug("HTTP client connection ended early: {Reason}", e.Message);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async ValueTask<HttpReply> ReplyAsync(HttpRequestHead request, CancellationToken token)
    {
        try { return await _handler(request, token); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "HTTP {Method} {Path} failed", request.Method, request.Path);
            return HttpReply.Text(500, $"{request.Method} {request.Path} failed: {e.Message}\n");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
        _slots.Dispose();
    }
}
