using System.Net;
using System.Net.Sockets;

namespace Reservoir.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 for servers a test starts (emulators, loopback fakes), never fixed ones.</summary>
public static class LoopbackPort
{
    /// <summary>A port the system just handed out for 127.0.0.1 and released; another process could take it
    /// before the caller binds it, which the callers accept.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
