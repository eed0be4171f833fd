using System.Globalization;
using System.Text;

namespace Reservoir.Operator.Observability.Http;

/// <summary>A complete response: status, content type, body, and any extra headers (e.g. <c>Allow</c> on a 405).</summary>
internal sealed record HttpReply(int Status, string ContentType, ReadOnlyMemory<byte> Body, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public const string PlainText = "text/plain; charset=utf-8";

    public static HttpReply Text(int status, string text, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(status, PlainText, Encoding.UTF8.GetBytes(text), headers);

    /// <summary>
    /// Writes the reply as HTTP/1.1 with <c>Content-Length</c> and <c>Connection: close</c> (the server answers one
    /// request per connection). With <paramref name="headOnly"/> (a HEAD request) the headers are the same and the body is left out.
    /// </summary>
    public async Task WriteAsync(Stream output, bool headOnly, CancellationToken cancellationToken)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {ReasonPhrase(Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in Headers ?? [])
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        head.Append("\r\n");
        await output.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        if (!headOnly) await output.WriteAsync(Body, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
