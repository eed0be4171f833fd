using System.Text;

namespace Reservoir.Operator.Observability.Http;

/// <summary>The parts of an HTTP/1.x request head the endpoints route on: the method and the path (query dropped).</summary>
internal sealed record HttpRequestHead(string Method, string Path)
{
    /// <summary>The largest request head accepted; probes and Prometheus scrapes send a few hundred bytes.</summary>
    public const int MaxHeadBytes = 8192;

    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    /// <summary>
    /// Reads up to the blank line that ends the head and parses its request line. Null when the peer closed the
    /// connection before sending a whole head; <see cref="FormatException"/> (naming what was wrong) for a head
    /// that is too long or a request line that is not <c>METHOD TARGET HTTP/1.x</c>. Any body is left unread.
    /// </summary>
    public static async Task<HttpRequestHead?> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length) throw new FormatException($"the request head is longer than {MaxHeadBytes} bytes");
            var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) return null;
            // Search from a little before the new bytes: the terminator may straddle two reads.
            var from = Math.Max(0, filled - (EndOfHead.Length - 1));
            filled += read;
            if (buffer.AsSpan(from, filled - from).IndexOf(EndOfHead) >= 0) break;
        }
        var lineEnd = buffer.AsSpan(0, filled).IndexOf("\r\n"u8);
        return Parse(Encoding.ASCII.GetString(buffer, 0, lineEnd));
    }

    /// <summary>Parses a request line such as <c>GET /metrics?x=1 HTTP/1.1</c> (origin or absolute form).</summary>
    public static HttpRequestHead Parse(string requestLine)
    {
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new FormatException($"the request line \"{Shorten(requestLine)}\" is not METHOD TARGET HTTP/1.x");
        var target = parts[1];
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            target = Uri.TryCreate(target, UriKind.Absolute, out var uri) ? uri.AbsolutePath
                : throw new FormatException($"the request target \"{Shorten(target)}\" is not a valid absolute URI");
        if (!target.StartsWith('/') && target != "*")
            throw new FormatException($"the request target \"{Shorten(target)}\" does not start with /");
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return new HttpRequestHead(parts[0], query < 0 ? target : target[..query]);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
