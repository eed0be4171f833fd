using System.Text.Json;
using Reservoir.Cli.Publish;
using Reservoir.Storage;
using Reservoir.Storage.Local;
using Reservoir.Storage.Locations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Cli.Tests.Publish;

/// <summary>The requests a backfill builds from a listing, on a real local folder store.</summary>
public sealed class BackfillTests : IDisposable
{
    private readonly TempDirectory _dir = new("backfill-unit");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task WriteAsync(params string[] keys)
    {
        var store = new LocalFolderObjectStore(_dir.Path);
        foreach (var key in keys) await store.WriteAsync(key, new MemoryStream([0]), Ct);
    }

    [Fact]
    public async Task List_FolderAndGlob_RequestsForMatchesOnlyWithIdsFromNames()
    {
        await WriteAsync("in/cam1/n1/obs-1.fil", "in/cam1/n1/obs-2.bl.h5", "in/cam1/n1/readme.txt", "in/cam2/n1/obs-3.fil", "in2/cam1/n1/obs-4.fil");
        var resolver = ObjectStoreResolver.CreateDefault(_ => null);

        var listing = await Backfill.ListAsync(resolver, Path.Combine(_dir.Path, "in"), ObjectGlob.Parse("cam1/**"), Ct);

        Assert.Equal(4, listing.Listed); // the folder itself is the store: in2/ is not listed
        Assert.Equal(["obs-1", "obs-2", "readme.txt"], listing.Matches.Select(m => m.Observation));
        var first = JsonSerializer.Deserialize<Dictionary<string, string>>(listing.Matches[0].RequestJson)!;
        Assert.Equal("obs-1", first["observation"]);
        Assert.Equal(new Uri(Path.Combine(_dir.Path, "in", "cam1", "n1", "obs-1.fil")).AbsoluteUri, first["input"]);
        Assert.Equal(first["input"], listing.Matches[0].InputUri);
    }

    [Fact]
    public async Task List_PrefixWithoutSlash_TreatedAsFolder()
    {
        await WriteAsync("in/a.fil", "in2/b.fil", "inside.fil");
        var store = new LocalFolderObjectStore(_dir.Path);

        var listing = await Backfill.ListAsync(store, "in/", ObjectGlob.Parse("*.fil"), Ct);

        Assert.Equal(["a"], listing.Matches.Select(m => m.Observation));
        Assert.Equal(1, listing.Listed);
    }

    [Fact]
    public async Task List_MissingLocalFolder_ErrorNamesIt()
    {
        var missing = Path.Combine(_dir.Path, "nope");

        var e = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Backfill.ListAsync(ObjectStoreResolver.CreateDefault(_ => null), missing, ObjectGlob.Parse("**"), Ct));

        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public async Task List_NameGivingAnInvalidId_StillListedForTheParserToReject()
    {
        await WriteAsync("bad name!.fil");

        var listing = await Backfill.ListAsync(new LocalFolderObjectStore(_dir.Path), "", ObjectGlob.Parse("*"), Ct);

        Assert.Equal("bad name!", Assert.Single(listing.Matches).Observation);
    }

    public void Dispose() => _dir.Dispose();
}
