using System.Text;
using Reservoir.Operator.Observability.Http;
using Xunit;

namespace Reservoir.Operator.Tests.Observability.Http;

public sealed class HttpRequestHeadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET /metrics HTTP/1.1", "GET", "/metrics")]
    [InlineData("HEAD /healthz?verbose=1 HTTP/1.0", "HEAD", "/healthz")]
    [InlineData("GET http://10.0.0.7:8080/readyz?x HTTP/1.1", "GET", "/readyz")]
    public void Parse_ValidRequestLine_MethodAndPathWithoutQuery(string line, string method, string path) =>
        Assert.Equal(new HttpRequestHead(method, path), HttpRequestHead.Parse(line));

    [Theory]
    [InlineData("GET /metrics")]
    [InlineData("GET /metrics HTTP/2")]
    [InlineData("GET metrics HTTP/1.1")]
    [InlineData(" /metrics HTTP/1.1")]
    public void Parse_MalformedRequestLine_FormatExceptionQuotingIt(string line)
    {
        var error = Assert.Throws<FormatException>(() => HttpRequestHead.Parse(line));
        Assert.Contains("request", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HeadArrivesInPieces_ParsedOnceComplete()
    {
        // The blank line that ends the head is split across reads.
        var stream = new ChunkedStream(["GET /readyz HTTP/1.1\r\nHost: x\r", "\n\r", "\nleftover body"]);
        Assert.Equal(new HttpRequestHead("GET", "/readyz"), await HttpRequestHead.ReadAsync(stream, Ct));
    }

    [Fact]
    public async Task ReadAsync_PeerClosesBeforeBlankLine_Null()
    {
        var stream = new ChunkedStream(["GET /readyz HTTP/1.1\r\nHost: x\r\n"]);
        Assert.Null(await HttpRequestHead.ReadAsync(stream, Ct));
    }

    [Fact]
    public async Task ReadAsync_HeadOverLimit_FormatExceptionNamingLimit()
    {
        var stream = new ChunkedStream(["GET / HTTP/1.1\r\nX: " + new string('a', HttpRequestHead.MaxHeadBytes) + "\r\n\r\n"]);
        var error = await Assert.ThrowsAsync<FormatException>(() => HttpRequestHead.ReadAsync(stream, Ct));
        Assert.Contains(HttpRequestHead.MaxHeadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    /// <summary>Hands out each chunk in its own read, then end of stream.</summary>
    private sealed class ChunkedStream(IEnumerable<string> chunks) : MemoryStream
    {
        private readonly Queue<byte[]> _chunks = new(chunks.Select(Encoding.ASCII.GetBytes));
        private byte[] _current = [];
        private int _offset;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offset == _current.Length)
            {
                if (!_chunks.TryDequeue(out var next)) return ValueTask.FromResult(0);
                (_current, _offset) = (next, 0);
            }
            var count = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsSpan(_offset, count).CopyTo(buffer.Span);
            _offset += count;
            return ValueTask.FromResult(count);
        }
    }
}
