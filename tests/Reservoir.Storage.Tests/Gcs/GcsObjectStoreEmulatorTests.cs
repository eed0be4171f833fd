using Reservoir.Cloud;
using Reservoir.Storage.Gcs;
using Reservoir.Storage.Locations;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Storage.Tests.Gcs;

/// <summary>
/// The store against a real GCS JSON API emulator (firebase-tools' storage emulator, via
/// tools/gcs-emulator/launch.js). Each test uses its own bucket, so tests never see each other's objects.
/// The emulator takes no chunked resumable uploads, so <see cref="GcsOptions.ForEmulator"/> sends a session
/// in one request; chunking is tested in Faults/ against our loopback server.
/// </summary>
public sealed class GcsObjectStoreEmulatorTests(GcsEmulatorFixture emulator) : IClassFixture<GcsEmulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GcsObjectStore NewStore(Func<GcsOptions, GcsOptions>? tweak = null)
    {
        emulator.Require();
        var options = GcsOptions.ForEmulator(emulator.Host) with
        {
            Retry = new CloudRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) },
        };
        return new GcsObjectStore($"test-{Guid.NewGuid():N}", tweak?.Invoke(options) ?? options);
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    [Fact]
    public async Task Write_SmallObject_ReadsBackAndStatsSize()
    {
        var store = NewStore();
        var data = "observation header\n"u8.ToArray();

        await store.WriteAsync("results/obs-1/header.json", new MemoryStream(data), Ct);

        Assert.Equal(data, await ReadAllAsync(store, "results/obs-1/header.json"));
        var info = await store.StatAsync("results/obs-1/header.json", Ct);
        Assert.Equal(data.Length, info!.Size);
        Assert.True(info.LastModified > DateTimeOffset.UtcNow.AddMinutes(-10));
        var metadata = await store.GetMetadataAsync("results/obs-1/header.json", Ct);
        Assert.Equal(Storage.Gcs.Integrity.Crc32c.Compute(data), metadata!.Crc32c); // computed by the emulator from the bytes it holds
    }

    [Fact]
    public async Task Write_EmptyObject_ReadsBackEmpty()
    {
        var store = NewStore();
        await store.WriteAsync("empty.bin", new MemoryStream(), Ct);
        Assert.Empty(await ReadAllAsync(store, "empty.bin"));
        Assert.Equal(0, (await store.StatAsync("empty.bin", Ct))!.Size);
    }

    [Fact]
    public async Task Write_MultiMiBThroughResumableSession_FullReadChecksumVerified()
    {
        // 20 MiB > the 8 MiB multipart threshold: a resumable session; read back through 1 MiB buffers.
        var store = NewStore(o => o with { ReadBufferSize = 1 << 20 });
        var data = RandomBytes(20 << 20, 11);

        var stored = await store.UploadAsync("big/obs.h5", new MemoryStream(data), Ct);

        Assert.Equal(data.Length, stored.Size);
        Assert.Equal(data, await ReadAllAsync(store, "big/obs.h5"));
    }

    [Fact]
    public async Task Write_MultipartJustUnderThreshold_ReadsBack()
    {
        var store = NewStore();
        var data = RandomBytes(8 << 20, 12);
        await store.WriteAsync("edge.bin", new MemoryStream(data), Ct);
        Assert.Equal(data, await ReadAllAsync(store, "edge.bin"));
    }

    [Fact]
    public async Task Write_ReplacesExistingObject()
    {
        var store = NewStore();
        await store.WriteAsync("x.txt", new MemoryStream("old"u8.ToArray()), Ct);
        await store.WriteAsync("x.txt", new MemoryStream("new content"u8.ToArray()), Ct);
        Assert.Equal("new content"u8.ToArray(), await ReadAllAsync(store, "x.txt"));
    }

    [Fact]
    public async Task Read_RandomOffsets_MatchBytesWithBoundedFetches()
    {
        var store = NewStore(o => o with { ReadBufferSize = 256 * 1024, ReadAheadStart = 16 * 1024 });
        var data = RandomBytes(3 << 20, 13);
        await store.WriteAsync("seek.bin", new MemoryStream(data), Ct);
        var random = new Random(14);

        await using var stream = await store.OpenReadAsync("seek.bin", Ct);
        Assert.True(stream.CanSeek);
        Assert.Equal(data.Length, stream.Length);
        for (var i = 0; i < 60; i++)
        {
            var offset = random.Next(data.Length);
            var count = Math.Min(random.Next(1, 100_000), data.Length - offset);
            var buffer = new byte[count];
            stream.Seek(offset, SeekOrigin.Begin);
            if (i % 2 == 0) stream.ReadExactly(buffer); // synchronous readers (PureHDF) use this path
            else await stream.ReadExactlyAsync(buffer, Ct);
            Assert.True(data.AsSpan(offset, count).SequenceEqual(buffer), $"bytes {offset}..{offset + count} differ");
        }
        stream.Seek(-10, SeekOrigin.End);
        var tail = new byte[20];
        Assert.Equal(10, await stream.ReadAtLeastAsync(tail, 20, throwOnEndOfStream: false, Ct));
        Assert.Equal(0, await stream.ReadAsync(tail, Ct));
    }

    [Fact]
    public async Task List_PrefixDelimiterAndPages_MatchWhatWasWritten()
    {
        var store = NewStore();
        string[] keys = ["a/1.bin", "a/2.bin", "a/3.bin", "a/sub/4.bin", "a/sub/5.bin", "ab.bin", "b/6.bin"];
        foreach (var key in keys) await store.WriteAsync(key, new MemoryStream([1, 2, 3]), Ct);

        var all = await store.ListAsync("", Ct).Select(o => o.Key).ToListAsync(Ct);
        Assert.Equal(keys, all);
        var underA = await store.ListAsync("a/", Ct).Select(o => o.Key).ToListAsync(Ct);
        Assert.Equal(keys.Where(k => k.StartsWith("a/", StringComparison.Ordinal)), underA);

        var folder = await store.ListPageAsync("a/", "/", cancellationToken: Ct);
        Assert.Equal(["a/1.bin", "a/2.bin", "a/3.bin"], folder.Objects.Select(o => o.Key));
        Assert.Equal(["a/sub/"], folder.Prefixes);

        var pages = new List<IReadOnlyList<string>>();
        string? token = null;
        do
        {
            var page = await store.ListPageAsync("", null, token, maxResults: 3, Ct);
            pages.Add(page.Objects.Select(o => o.Key).ToList());
            token = page.NextPageToken;
        } while (token is not null && pages.Count < 10);
        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(keys, pages.SelectMany(p => p));
        Assert.All(await store.ListAsync("a/sub/", Ct).ToListAsync(Ct), o => Assert.Equal(3, o.Size));
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_TrueThenFalseAndGone()
    {
        var store = NewStore();
        await store.WriteAsync("gone.bin", new MemoryStream([9]), Ct);

        Assert.True(await store.DeleteAsync("gone.bin", Ct));
        Assert.False(await store.DeleteAsync("gone.bin", Ct));
        Assert.Null(await store.StatAsync("gone.bin", Ct));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("gone.bin", Ct));
    }

    [Fact]
    public async Task Key_WithSpacesAndUnicode_RoundTrips()
    {
        var store = NewStore();
        const string key = "obs 2026/ß ünïcode+plus%percent.h5";
        await store.WriteAsync(key, new MemoryStream([4, 5, 6]), Ct);
        Assert.Equal([4, 5, 6], await ReadAllAsync(store, key));
        Assert.Equal(key, Assert.Single(await store.ListAsync("obs 2026/", Ct).ToListAsync(Ct)).Key);
    }

    [Fact]
    public async Task Resolver_WithEmulatorHost_OpensGcsStoreForGsUris()
    {
        emulator.Require();
        var resolver = ObjectStoreResolver.CreateDefault(name => name == GcsOptions.EmulatorHostVariable ? emulator.Host : null);
        var (store, key) = resolver.OpenObject($"gs://resolver-{Guid.NewGuid():N}/in/obs.fil");

        Assert.IsType<GcsObjectStore>(store);
        Assert.Equal("in/obs.fil", key);
        await store.WriteAsync(key, new MemoryStream([7, 7]), Ct);
        Assert.Equal(2, (await store.StatAsync(key, Ct))!.Size);
    }
}
