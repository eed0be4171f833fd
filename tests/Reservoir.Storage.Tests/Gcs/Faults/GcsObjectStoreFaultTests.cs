using System.Net;
using Reservoir.Cloud;
using Reservoir.Storage.Gcs;
using Xunit;

namespace Reservoir.Storage.Tests.Gcs.Faults;

/// <summary>
/// Failures the emulator cannot produce, injected by <see cref="LoopbackGcsServer"/> (our loopback server
/// speaking that part of the JSON API, chunked resumable uploads included): transient statuses are retried
/// with backoff, Retry-After is honoured, dropped connections resume, corruption is detected, and permanent
/// errors fail at once with the URI and status in the message.
/// </summary>
public sealed class GcsObjectStoreFaultTests : IAsyncLifetime
{
    private const int Chunk = 256 * 1024;
    private readonly LoopbackGcsServer _server = new();
    private GcsObjectStore _store = null!;

    public ValueTask InitializeAsync()
    {
        _store = new GcsObjectStore("bucket", Options());
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private GcsOptions Options(int maxRetries = 4) => GcsOptions.ForEmulator(_server.Host) with
    {
        MultipartThreshold = 0, // everything but empty objects goes through a resumable session here
        ChunkSize = Chunk,
        ReadBufferSize = 64 * 1024,
        ReadAheadStart = 16 * 1024,
        Retry = new CloudRetryOptions { MaxAttempts = maxRetries + 1, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), AttemptTimeout = TimeSpan.FromSeconds(20) },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] RandomBytes(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await _store.OpenReadAsync(key, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    [Fact]
    public async Task Read_Two503sOnMetadataAndMedia_RetriedAndBytesIntact()
    {
        var data = RandomBytes(200_000, 1);
        _server.Objects["x.bin"] = data;
        _server.Inject(LoopbackGcsServer.IsMetadata, FaultKind.Status, 503);
        _server.Inject(LoopbackGcsServer.IsMedia, FaultKind.Status, 503);
        _server.Inject(LoopbackGcsServer.IsMedia, FaultKind.Status, 502);

        Assert.Equal(data, await ReadAllAsync("x.bin"));
        Assert.Equal(2, _server.Requests.Count(LoopbackGcsServer.IsMetadata));
    }

    [Fact]
    public async Task Stat_429WithRetryAfter_WaitsThatLongBeforeRetrying()
    {
        _server.Objects["x.bin"] = RandomBytes(10, 2);
        _server.Inject(LoopbackGcsServer.IsMetadata, FaultKind.StatusWithRetryAfter, 1);

        var info = await _store.StatAsync("x.bin", Ct);

        Assert.Equal(10, info!.Size);
        var attempts = _server.Requests.Where(LoopbackGcsServer.IsMetadata).ToList();
        Assert.Equal(2, attempts.Count);
        // Our backoff alone would be ~20 ms; the server asked for 1 s.
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Read_ConnectionDroppedMidBody_RefetchesRangeAndBytesIntact()
    {
        var data = RandomBytes(300_000, 3);
        _server.Objects["x.bin"] = data;
        _server.Inject(LoopbackGcsServer.IsMedia, FaultKind.DropAfterBytes, 1000);
        _server.Inject(r => LoopbackGcsServer.IsMedia(r) && r.Range!.StartsWith("bytes=49152-", StringComparison.Ordinal), FaultKind.DropAfterBytes, 5000);

        Assert.Equal(data, await ReadAllAsync("x.bin"));
        Assert.Equal(2, _server.Requests.Count(r => LoopbackGcsServer.IsMedia(r) && r.Range!.StartsWith("bytes=0-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Read_CorruptedByteInFullRead_ThrowsIntegrityErrorNamingObject()
    {
        var data = RandomBytes(150_000, 4);
        _server.Objects["x.bin"] = data;
        _server.Inject(LoopbackGcsServer.IsMedia, FaultKind.CorruptByte, 7);

        var e = await Assert.ThrowsAsync<GcsIntegrityException>(() => ReadAllAsync("x.bin"));
        Assert.Contains("gs://bucket/x.bin", e.Message);
        Assert.Contains("CRC-32C", e.Message);
    }

    [Fact]
    public async Task Read_SeekThenRead_FetchesOnlyFromThatOffset()
    {
        var data = RandomBytes(150_000, 5);
        _server.Objects["x.bin"] = data;
        await using var stream = await _store.OpenReadAsync("x.bin", Ct);
        var buffer = new byte[100];
        stream.Position = 120_000;
        await stream.ReadExactlyAsync(buffer, Ct);
        Assert.Equal(data.AsSpan(120_000, 100).ToArray(), buffer);
        var media = Assert.Single(_server.Requests, LoopbackGcsServer.IsMedia);
        Assert.Equal("bytes=120000-136383", media.Range); // ReadAheadStart (16 KiB) from the seek position
    }

    [Fact]
    public async Task Write_ConnectionDroppedMidChunk_ResumesFromCommittedOffset()
    {
        var store = new GcsObjectStore("bucket", Options() with { ChunkSize = 4 * Chunk });
        var data = RandomBytes(5 * Chunk + 1234, 6);
        // The first 1 MiB chunk breaks after the server took 256 KiB + 10 bytes: it keeps whole 256 KiB units,
        // so the client must go on from 256 KiB, in the middle of its own chunk.
        _server.Inject(r => LoopbackGcsServer.IsChunk(r) && r.ContentRange!.StartsWith("bytes 0-", StringComparison.Ordinal), FaultKind.DropAfterBytes, Chunk + 10);
        // The resumed chunk breaks after 100 KiB: nothing of it is committed, so it starts again at 256 KiB.
        _server.Inject(r => LoopbackGcsServer.IsChunk(r) && r.ContentRange!.StartsWith($"bytes {Chunk}-", StringComparison.Ordinal), FaultKind.DropAfterBytes, 100 * 1024);

        await store.WriteAsync("big.bin", new MemoryStream(data), Ct);

        Assert.Equal(data, _server.Objects["big.bin"]);
        var ranges = _server.Requests.Where(r => r.Method == "PUT").Select(r => r.ContentRange!).ToList();
        Assert.Equal(
        [
            $"bytes 0-{4 * Chunk - 1}/{data.Length}", $"bytes */{data.Length}",
            $"bytes {Chunk}-{5 * Chunk - 1}/{data.Length}", $"bytes */{data.Length}",
            $"bytes {Chunk}-{5 * Chunk - 1}/{data.Length}", $"bytes {5 * Chunk}-{data.Length - 1}/{data.Length}",
        ], ranges);
    }

    [Fact]
    public async Task Write_503OnChunk_RetriedFromServerOffsetWithoutDuplicates()
    {
        var data = RandomBytes(3 * Chunk, 7);
        _server.Inject(r => LoopbackGcsServer.IsChunk(r) && r.ContentRange!.StartsWith($"bytes {Chunk}-", StringComparison.Ordinal), FaultKind.Status, 503);
        _server.Inject(r => r.Method == "POST", FaultKind.Status, 500); // starting the session fails once too

        await _store.WriteAsync("x.bin", new MemoryStream(data), Ct);

        Assert.Equal(data, _server.Objects["x.bin"]); // the server rejects any chunk that does not start at its committed offset
    }

    [Fact]
    public async Task Write_NonSeekableSourceInChunks_StoredWhole()
    {
        var data = RandomBytes(3 * Chunk + 17, 8);
        await _store.WriteAsync("pipe.bin", new NonSeekable(new MemoryStream(data)), Ct);
        Assert.Equal(data, _server.Objects["pipe.bin"]);
    }

    [Fact]
    public async Task Write_ServerStoresCorruptedByte_IntegrityErrorAndObjectDeleted()
    {
        var data = RandomBytes(2 * Chunk, 9);
        _server.Inject(r => LoopbackGcsServer.IsChunk(r) && r.ContentRange!.StartsWith($"bytes {Chunk}-", StringComparison.Ordinal), FaultKind.CorruptByte, 12345);

        var e = await Assert.ThrowsAsync<GcsIntegrityException>(() => _store.WriteAsync("x.bin", new MemoryStream(data), Ct));

        Assert.Contains("gs://bucket/x.bin", e.Message);
        Assert.Contains("deleted", e.Message);
        Assert.False(_server.Objects.ContainsKey("x.bin"));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(400)]
    public async Task Stat_PermanentError_FailsAtOnceWithUriAndStatus(int status)
    {
        _server.Inject(LoopbackGcsServer.IsMetadata, FaultKind.Status, status);

        var e = await Assert.ThrowsAsync<GcsRequestException>(() => _store.StatAsync("secret.bin", Ct));

        Assert.Equal((HttpStatusCode)status, e.Status);
        Assert.False(e.IsTransient);
        Assert.Contains("gs://bucket/secret.bin", e.Message);
        Assert.Contains($"HTTP {status}", e.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Open_MissingObject_ObjectNotFoundWithoutRetries()
    {
        var e = await Assert.ThrowsAsync<ObjectNotFoundException>(() => _store.OpenReadAsync("missing.bin", Ct));
        Assert.Equal("gs://bucket/missing.bin", e.Uri);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Stat_503Forever_GivesUpAfterBoundedAttempts()
    {
        for (var i = 0; i < 10; i++) _server.Inject(LoopbackGcsServer.IsMetadata, FaultKind.Status, 503);
        var store = new GcsObjectStore("bucket", Options(maxRetries: 3));

        var e = await Assert.ThrowsAsync<GcsRequestException>(() => store.StatAsync("x.bin", Ct));

        Assert.True(e.IsTransient);
        Assert.Contains("HTTP 503", e.Message);
        Assert.Equal(4, _server.Requests.Count);
    }

    private static bool IsSessionStart(LoopbackGcsServer.Seen r) => r.Method == "POST" && r.Query.Contains("uploadType=resumable");

    [Theory]
    [InlineData(410)]
    [InlineData(404)]
    public async Task Write_SessionExpiresMidUpload_RestartsWithNewSessionFromByteZero(int status)
    {
        var data = RandomBytes(3 * Chunk + 1000, 21);
        _server.Inject(r => LoopbackGcsServer.IsChunk(r) && r.ContentRange!.StartsWith($"bytes {Chunk}-", StringComparison.Ordinal), FaultKind.Status, status);

        await _store.WriteAsync("restart.bin", new MemoryStream(data), Ct);

        Assert.Equal(data, _server.Objects["restart.bin"]);
        Assert.Equal(2, _server.Requests.Count(IsSessionStart));
        var chunks = _server.Requests.Where(LoopbackGcsServer.IsChunk).Select(r => r.ContentRange!).ToList();
        // First session: chunk 0, then the failed chunk 1; second session starts again at byte 0.
        Assert.StartsWith("bytes 0-", chunks[0]);
        Assert.StartsWith($"bytes {Chunk}-", chunks[1]);
        Assert.StartsWith("bytes 0-", chunks[2]);
    }

    [Fact]
    public async Task Write_SessionExpiresEveryTime_GivesUpAfterBoundedRestarts()
    {
        for (var i = 0; i < 10; i++) _server.Inject(LoopbackGcsServer.IsChunk, FaultKind.Status, 410);
        var store = new GcsObjectStore("bucket", Options() with { MaxSessionRestarts = 2 });

        var e = await Assert.ThrowsAsync<GcsRequestException>(() => store.WriteAsync("gone.bin", new MemoryStream(RandomBytes(Chunk + 10, 22)), Ct));

        Assert.Contains("expired", e.Message);
        Assert.Contains("gs://bucket/gone.bin", e.Message);
        Assert.Equal(3, _server.Requests.Count(IsSessionStart));
        Assert.False(_server.Objects.ContainsKey("gone.bin"));
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
