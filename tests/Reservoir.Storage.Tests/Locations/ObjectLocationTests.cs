using Reservoir.Storage.Local;
using Reservoir.Storage.Locations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Storage.Tests.Locations;

public sealed class ObjectLocationTests
{
    [Fact]
    public void Parse_PlainAbsolutePath_SplitsFolderAndFileName()
    {
        var location = ObjectLocation.Parse("/data/obs/x.fil");
        Assert.Equal(new ObjectLocation("file", "/data/obs", "x.fil"), location);
        Assert.Equal("file:///data/obs/x.fil", location.ToString());
    }

    [Fact]
    public void Parse_RelativePath_ResolvesAgainstCurrentFolder()
    {
        var location = ObjectLocation.Parse("sub/x.h5");
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "sub"), location.Container);
        Assert.Equal("x.h5", location.Key);
    }

    [Fact]
    public void Parse_FileUri_DecodesPath()
    {
        var location = ObjectLocation.Parse("file:///data/my%20obs/x.fil");
        Assert.Equal(new ObjectLocation("file", "/data/my obs", "x.fil"), location);
    }

    [Fact]
    public void Parse_GsUri_GivesBucketAndKey()
    {
        Assert.Equal(new ObjectLocation("gs", "my-bucket", "raw/a/x.h5"), ObjectLocation.Parse("gs://my-bucket/raw/a/x.h5"));
    }

    [Fact]
    public void ParsePrefix_LocalFolder_IsContainerWithEmptyKey_AndChildJoins()
    {
        var prefix = ObjectLocation.ParsePrefix("/results/");
        Assert.Equal(new ObjectLocation("file", "/results", ""), prefix);
        Assert.Equal(new ObjectLocation("file", "/results", "obs/alg/manifest.json"), prefix.Child("obs/alg/manifest.json"));
        Assert.Equal("file:///results/obs/alg/manifest.json", prefix.Child("obs/alg/manifest.json").ToString());
    }

    [Fact]
    public void ParsePrefix_GsWithPath_KeepsPathAsKeyPrefix()
    {
        var prefix = ObjectLocation.ParsePrefix("gs://bucket/results/");
        Assert.Equal("gs://bucket/results/obs/alg/x", prefix.Child("obs/alg/x").ToString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("http://host/x.fil", "unsupported scheme 'http://'")]
    [InlineData("gs://B/x", "bucket name 'B'")]
    [InlineData("gs://bucket", "names a bucket, not an object")]
    [InlineData("gs://bucket/a/../b", "'..'")]
    [InlineData("file://otherhost/x.fil", "host 'otherhost'")]
    public void Parse_BadLocation_ThrowsNamingProblem(string uri, string expected)
    {
        var e = Assert.Throws<ObjectLocationException>(() => ObjectLocation.Parse(uri));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Child_TraversalKey_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => ObjectLocation.ParsePrefix("/results").Child("../etc"));
    }

    [Fact]
    public async Task Resolver_FilePath_OpensLocalStoreThatReadsTheFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("obs.fil"), "hello");
        var (store, key) = ObjectStoreResolver.CreateDefault().OpenObject(dir.File("obs.fil"));

        Assert.IsType<LocalFolderObjectStore>(store);
        Assert.Equal("obs.fil", key);
        Assert.Equal(5, (await store.StatAsync(key, TestContext.Current.CancellationToken))!.Size);
    }

    [Fact]
    public void Resolver_GsUriWithoutEmulator_OpensGoogleStoreWithoutTouchingCredentials()
    {
        // No emulator: gs:// goes to Google with application default credentials, looked up on the first request
        // only, so opening a store (and never using it) works on a machine without any credentials.
        var (store, key) = ObjectStoreResolver.CreateDefault(_ => null).OpenObject("gs://bucket/x.h5");

        Assert.Equal("gs://bucket/x.h5", Assert.IsType<Reservoir.Storage.Gcs.GcsObjectStore>(store).UriOf(key));
    }

    [Fact]
    public void Resolver_RegisteredScheme_UsesFactoryWithContainer()
    {
        string? opened = null;
        var resolver = ObjectStoreResolver.CreateDefault().Register("gs", bucket => { opened = bucket; return new LocalFolderObjectStore("/tmp"); });
        var (_, prefix) = resolver.OpenPrefix("gs://bucket/results");
        Assert.Equal("bucket", opened);
        Assert.Equal("results", prefix);
    }
}
