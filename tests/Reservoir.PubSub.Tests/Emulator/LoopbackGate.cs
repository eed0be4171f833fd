using System.Net;
using System.Net.Sockets;

namespace Reservoir.PubSub.Tests.Emulator;

/// <summary>
/// A TCP relay on a loopback port in front of the emulator. While closed, it accepts and drops every connection
/// (the client sees the connection fail, as when the emulator is down), so a test can restart the emulator and
/// recreate its topics before the client's retries reach it again — without that, a retry could land between the
/// emulator answering and the test recreating state, and fail with a (correct, unretried) 404.
/// </summary>
internal sealed class LoopbackGate : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _open = true;
    private int _dropped;

    public LoopbackGate(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string HostPort => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections dropped while closed.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public void Close() => _open = false;

    public void Open() => _open = true;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            if (!_open)
            {
                Interlocked.Increment(ref _dropped);
                try { client.Client.LingerState = new LingerOption(true, 0); } // reset, not a graceful close
                catch (SocketException) { } // the client already went away
                client.Dispose();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                using var a = client.GetStream();
                using var b = upstream.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
