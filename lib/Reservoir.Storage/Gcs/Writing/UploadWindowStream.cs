namespace Reservoir.Storage.Gcs.Writing;

/// <summary>
/// The body of one upload request: <c>count</c> bytes of the source from its current position, which is
/// object offset <c>offset</c>; every byte read is offered to the running checksum.
/// </summary>
internal sealed class UploadWindowStream(Stream source, long offset, long count, ContiguousCrc crc, string uri) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => count;
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset1, int count1) => Read(buffer.AsSpan(offset1, count1));

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, count - _read);
        if (want == 0) return 0;
        var n = source.Read(buffer[..want]);
        return Took(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var want = (int)Math.Min(buffer.Length, count - _read);
        if (want == 0) return 0;
        var n = await source.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
        return Took(buffer.Span[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset1, int count1, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset1, count1), cancellationToken).AsTask();

    private int Took(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new IOException($"{uri}: the content being uploaded ended at byte {offset + _read}, before its announced length");
        crc.Add(offset + _read, bytes);
        _read += bytes.Length;
        return bytes.Length;
    }

    public override void Flush() { }
    public override long Seek(long o, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int o, int c) => throw new NotSupportedException();
}
