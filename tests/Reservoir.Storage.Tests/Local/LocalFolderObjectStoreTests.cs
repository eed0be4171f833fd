using System.Text;
using Reservoir.Storage;
using Reservoir.Storage.Local;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Storage.Tests.Local;

public sealed class LocalFolderObjectStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task WriteAsync_ThenStatAndRead_ReturnsSameBytesAndSize()
    {
        using var dir = new TempDirectory();
        var store = new LocalFolderObjectStore(dir.Path);
        await store.WriteAsync("obs/alg/info_df.csv", Text("a,b\n1,2\n"), Ct);

        var info = await store.StatAsync("obs/alg/info_df.csv", Ct);
        Assert.NotNull(info);
        Assert.Equal(8, info.Size);
        await using var read = await store.OpenReadAsync("obs/alg/info_df.csv", Ct);
        Assert.True(read.CanSeek);
        read.Seek(4, SeekOrigin.Begin);
        Assert.Equal("1,2\n", new StreamReader(read).ReadToEnd());
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(Path.Combine(dir.Path, "obs", "alg", "info_df.csv")));
    }

    [Fact]
    public async Task WriteAsync_ExistingObject_ReplacesItWhole()
    {
        using var dir = new TempDirectory();
        var store = new LocalFolderObjectStore(dir.Path);
        await store.WriteAsync("x.bin", Text(new string('a', 1000)), Ct);
        await store.WriteAsync("x.bin", Text("short"), Ct);
        Assert.Equal("short", File.ReadAllText(store.PathOf("x.bin")));
    }

    [Fact]
    public async Task WriteAsync_SourceFailsMidway_LeavesNoObjectAndNoTempFile()
    {
        using var dir = new TempDirectory();
        var store = new LocalFolderObjectStore(dir.Path);
        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync("a/broken.npy", new FailingStream(4096), Ct));

        Assert.Null(await store.StatAsync("a/broken.npy", Ct));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "a")));
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsMatchingKeysSortedWithoutPartialFiles()
    {
        using var dir = new TempDirectory();
        var store = new LocalFolderObjectStore(dir.Path);
        foreach (var key in new[] { "obs2/alg/b", "obs1/alg/z", "obs1/alg/a", "obs10/x", "other" })
            await store.WriteAsync(key, Text(key), Ct);
        File.WriteAllText(Path.Combine(dir.Path, "obs1", "alg", LocalFolderObjectStore.TempPrefix + "zz"), "partial");

        var obs1 = await store.ListAsync("obs1", Ct).Select(o => o.Key).ToListAsync(Ct);
        var obs1Folder = await store.ListAsync("obs1/", Ct).Select(o => o.Key).ToListAsync(Ct);
        var all = await store.ListAsync("", Ct).Select(o => o.Key).ToListAsync(Ct);

        Assert.Equal(["obs1/alg/a", "obs1/alg/z", "obs10/x"], obs1);
        Assert.Equal(["obs1/alg/a", "obs1/alg/z"], obs1Folder);
        Assert.Equal(["obs1/alg/a", "obs1/alg/z", "obs10/x", "obs2/alg/b", "other"], all);
    }

    [Fact]
    public async Task ListAsync_MissingFolder_ReturnsNothing()
    {
        using var dir = new TempDirectory();
        var store = new LocalFolderObjectStore(Path.Combine(dir.Path, "not-yet"));
        Assert.Empty(await store.ListAsync("a/", Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndMissing_ReportsWhetherDeleted()
    {
        using var dir = new TempDirectory();
        var store = new LocalFolderObjectStore(dir.Path);
        await store.WriteAsync("k", Text("v"), Ct);
        Assert.True(await store.DeleteAsync("k", Ct));
        Assert.False(await store.DeleteAsync("k", Ct));
        Assert.Null(await store.StatAsync("k", Ct));
    }

    [Fact]
    public async Task OpenReadAsync_Missing_ThrowsObjectNotFoundNamingUri()
    {
        using var dir = new TempDirectory();
        var store = new LocalFolderObjectStore(dir.Path);
        var e = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("nope/x.fil", Ct));
        Assert.EndsWith("/nope/x.fil", e.Uri);
        Assert.Contains("nope/x.fil", e.Message);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public async Task AnyOperation_BadKey_ThrowsArgumentException(string key)
    {
        using var dir = new TempDirectory();
        var store = new LocalFolderObjectStore(dir.Path);
        Assert.Throws<ArgumentException>(() => store.PathOf(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(key, Text("x"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.StatAsync(key, Ct));
    }

    /// <summary>Yields some bytes and then fails, like a network source dying mid-upload.</summary>
    private sealed class FailingStream(int failAfter) : Stream
    {
        private int _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter) throw new IOException("source failed");
            var n = Math.Min(count, failAfter - _position);
            Array.Fill(buffer, (byte)7, offset, n);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
