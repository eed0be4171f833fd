using System.Net;
using System.Net.Http.Headers;
using Reservoir.Storage.Gcs.Http;
using Reservoir.Storage.Gcs.Integrity;

namespace Reservoir.Storage.Gcs.Reading;

/// <summary>
/// A seekable, read-only view of one object generation that fetches byte ranges on demand. Memory is one
/// buffer of at most <see cref="GcsOptions.ReadBufferSize"/>: after a seek it fetches
/// <see cref="GcsOptions.ReadAheadStart"/> bytes, and each sequential refill doubles that up to the buffer
/// size, so both an HDF5 reader hopping between chunks and a front-to-back copy are served well.
/// Integrity: the bytes handed out in order from offset 0 are checksummed as they go; when that run reaches
/// the end, a CRC-32C differing from the object's throws <see cref="GcsIntegrityException"/> (and every later
/// read too). Each range fetch is retried on transient failures, resuming at the same offset.
/// </summary>
internal sealed class GcsReadStream : Stream
{
    private readonly GcsClient _client;
    private readonly string _bucket;
    private readonly GcsObjectMetadata _object;
    private readonly string _uri;
    private byte[] _buffer = [];
    private long _bufferStart;
    private int _bufferLength;
    private long _position;
    private long _lastFetchEnd = -1;
    private int _nextFetch;
    private uint _crc;
    private long _crcOffset;
    private GcsIntegrityException? _corrupt;
    private bool _disposed;

    public GcsReadStream(GcsClient client, string bucket, GcsObjectMetadata metadata, string uri)
    {
        _client = client;
        _bucket = bucket;
        _object = metadata;
        _uri = uri;
        _nextFetch = client.Options.ReadAheadStart;
    }

    /// <summary>Requests made so far (for tests and measurements).</summary>
    public int Fetches { get; private set; }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => !_disposed;
    public override bool CanWrite => false;
    public override long Length => _object.Size;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => _object.Size + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // Synchronous readers (PureHDF, the SIGPROC reader) block on the fetch; all awaits below are
    // ConfigureAwait(false), so this never waits on a captured context.
    public override int Read(Span<byte> destination)
    {
        if (!EnsureBuffered()) FetchAsync(_position, CancellationToken.None).GetAwaiter().GetResult();
        return CopyOut(destination);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (!EnsureBuffered()) await FetchAsync(_position, cancellationToken).ConfigureAwait(false);
        return CopyOut(destination.Span);
    }

    /// <summary>True when the next read needs no fetch (the position is buffered, or at/after the end).</summary>
    private bool EnsureBuffered()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_corrupt is not null) throw _corrupt;
        return _position >= _object.Size || (_position >= _bufferStart && _position < _bufferStart + _bufferLength);
    }

    private int CopyOut(Span<byte> destination)
    {
        if (_position >= _object.Size || destination.IsEmpty) return 0;
        var offset = (int)(_position - _bufferStart);
        var n = Math.Min(destination.Length, _bufferLength - offset);
        var bytes = _buffer.AsSpan(offset, n);
        bytes.CopyTo(destination);
        Checksum(_position, bytes);
        _position += n;
        return n;
    }

    private async Task FetchAsync(long start, CancellationToken cancellationToken)
    {
        var options = _client.Options;
        _nextFetch = start == _lastFetchEnd ? Math.Min(_nextFetch * 2, options.ReadBufferSize) : options.ReadAheadStart;
        var count = (int)Math.Min(_nextFetch, _object.Size - start);
        if (_buffer.Length < count) _buffer = new byte[Math.Min(Math.Max(count, _buffer.Length * 2), options.ReadBufferSize)];
        _bufferLength = 0; // a failed fetch leaves nothing half-filled behind
        var query = "alt=media" + (_object.Generation > 0 ? $"&generation={_object.Generation}" : "");
        var address = new UriBuilder(_client.ObjectUri(_bucket, _object.Key)) { Query = query }.Uri;
        await _client.RetryAsync(async ct =>
        {
            Fetches++;
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Range = new RangeHeaderValue(start, start + count - 1);
            using var response = await _client.SendOnceAsync(request, _uri, $"read bytes {start}-{start + count - 1}", HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var served = response.StatusCode == HttpStatusCode.PartialContent ? response.Content.Headers.ContentRange?.From : 0;
            if (served != start)
                throw new GcsRequestException($"{_uri}: asked for bytes from {start}, the server sent {(response.StatusCode == HttpStatusCode.PartialContent ? $"bytes from {served}" : $"HTTP {(int)response.StatusCode} without a range")}", _uri, response.StatusCode, isTransient: false);
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var filled = 0;
            while (filled < count)
            {
                var n = await body.ReadAsync(_buffer.AsMemory(filled, count - filled), ct).ConfigureAwait(false);
                if (n == 0) throw new IOException($"{_uri}: the response for bytes {start}-{start + count - 1} ended after {filled} bytes");
                filled += n;
            }
            return filled;
        }, cancellationToken).ConfigureAwait(false);
        _bufferStart = start;
        _bufferLength = count;
        _lastFetchEnd = start + count;
    }

    private void Checksum(long position, ReadOnlySpan<byte> bytes)
    {
        if (position > _crcOffset || position + bytes.Length <= _crcOffset) return; // a jump ahead, or a re-read
        _crc = Crc32c.Append(_crc, bytes[(int)(_crcOffset - position)..]);
        _crcOffset = position + bytes.Length;
        if (_crcOffset < _object.Size || _object.Crc32c is not { } expected || _crc == expected) return;
        _corrupt = new GcsIntegrityException(_uri,
            $"CRC-32C of the downloaded bytes is {Crc32c.ToBase64(_crc)}, the object's is {Crc32c.ToBase64(expected)} (generation {_object.Generation}, {_object.Size} bytes): the data was corrupted in transit");
        throw _corrupt;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException($"{_uri} is open for reading only");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException($"{_uri} is open for reading only");

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _buffer = [];
        base.Dispose(disposing);
    }
}
