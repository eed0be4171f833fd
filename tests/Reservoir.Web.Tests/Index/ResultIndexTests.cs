using System.Text;
using Microsoft.Extensions.Time.Testing;
using Reservoir.Storage.Local;
using Reservoir.Storage.Locations;
using Reservoir.TestSupport;
using Reservoir.Web.Index;
using Reservoir.Web.Storage;
using Reservoir.Web.Tests.Support;
using Xunit;

namespace Reservoir.Web.Tests.Index;

public sealed class ResultIndexTests
{
    [Fact]
    public async Task List_TenThousandResultSets_CountsSearchesAndPagesCorrectly()
    {
        await using var site = new LocalSite();
        // 5,000 observations × 2 algorithms; manifests only (the list reads nothing else).
        var manifest = await ManifestTextAsync();
        for (var i = 0; i < 5000; i++)
            foreach (var algorithm in new[] { "energy-detection", "cnn-classifier" })
            {
                var folder = Path.Combine(site.Root, $"obs{i:00000}", algorithm);
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), manifest, TestContext.Current.CancellationToken);
            }
        await site.StartAsync(o => o with { PageSize = 100 });

        var first = await site.Http.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("10000 of 10000 result sets", first);
        Assert.Contains("page 1 of 100", first);
        var last = await site.Http.GetStringAsync("/?page=100", TestContext.Current.CancellationToken);
        Assert.Contains("/r/obs04999/energy-detection", last);
        Assert.Contains("/r/obs04950/cnn-classifier", last);
        Assert.DoesNotContain("/r/obs04949/", last);
        var search = await site.Http.GetStringAsync("/?q=obs0123", TestContext.Current.CancellationToken);
        Assert.Contains("20 of 10000 result sets", search);
        Assert.Contains("/r/obs01239/energy-detection", search);
    }

    [Fact]
    public async Task Entries_AfterRefreshInterval_PicksUpNewResults()
    {
        using var temp = new TempDirectory();
        var store = new LocalFolderObjectStore(temp.Path);
        await ResultSetWriter.WriteEnergyAsync(store, "", "obs-1", hits: 1);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var index = new ResultIndex(ResultsRoot.Open(temp.Path, ObjectStoreResolver.CreateDefault(_ => null)), TimeSpan.FromSeconds(30), time);

        Assert.Single(await index.EntriesAsync(refresh: false, TestContext.Current.CancellationToken));
        await ResultSetWriter.WriteEnergyAsync(store, "", "obs-2", hits: 1);
        Assert.Single(await index.EntriesAsync(refresh: false, TestContext.Current.CancellationToken)); // still fresh: no re-list

        time.Advance(TimeSpan.FromSeconds(31));
        _ = await index.EntriesAsync(refresh: false, TestContext.Current.CancellationToken); // stale: answers, and rebuilds behind
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await index.EntriesAsync(refresh: false, TestContext.Current.CancellationToken)).Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(["obs-1", "obs-2"], (await index.EntriesAsync(refresh: false, TestContext.Current.CancellationToken)).Select(e => e.Observation));

        await ResultSetWriter.WriteEnergyAsync(store, "", "obs-3", hits: 1);
        Assert.Equal(3, (await index.EntriesAsync(refresh: true, TestContext.Current.CancellationToken)).Count); // on demand
    }

    private static async Task<string> ManifestTextAsync()
    {
        using var temp = new TempDirectory();
        var store = new LocalFolderObjectStore(temp.Path);
        await ResultSetWriter.WriteEnergyAsync(store, "", "obs", hits: 2);
        return Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(temp.Path, "obs", "energy-detection", "manifest.json"), TestContext.Current.CancellationToken));
    }
}
