using System.Net.Sockets;
using System.Text;

namespace Reservoir.Web.Tests.Support;

/// <summary>
/// Sends a request line exactly as written (HttpClient would normalise <c>..</c> and encodings away), for
/// traversal tests. Returns the status code and the body text.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Text)> SendAsync(Uri server, string method, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var statusLine = response.Split("\r\n", 2)[0].Split(' ');
        return (int.Parse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture), response);
    }
}
