using Reservoir.Core.Requests;
using Reservoir.Core.Results;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Core.Tests.Results;

public sealed class LocalResultStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("results-test");

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindCompleted_OnlyWhenManifestExists_ReadsHits()
    {
        var store = new LocalResultStore(_dir.Path);
        var spec = SearchSpec.Create("o1", "/in/o1.h5", "energy-detection");
        var folder = store.Locate(spec);
        Assert.Equal(Path.Combine(_dir.Path, "o1", "energy-detection"), folder);
        Assert.Null(await store.FindCompletedAsync(spec, Ct));

        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "filtered.npy"), "x");
        Assert.Null(await store.FindCompletedAsync(spec, Ct));

        File.WriteAllText(Path.Combine(folder, "manifest.json"), """{"observation": "o1", "hits": 12}""");
        Assert.Equal(new CompletedResult(folder, 12), await store.FindCompletedAsync(spec, Ct));

        File.WriteAllText(Path.Combine(folder, "manifest.json"), "not json");
        Assert.Equal(-1, (await store.FindCompletedAsync(spec, Ct))!.Hits);
    }

    [Fact]
    public async Task Clear_RemovesOnlyThatSearchsFolder()
    {
        var store = new LocalResultStore(_dir.Path);
        var a = SearchSpec.Create("o1", "i", "energy-detection");
        var b = SearchSpec.Create("o1", "i", "cnn-classifier");
        foreach (var s in new[] { a, b })
        {
            Directory.CreateDirectory(store.Locate(s));
            File.WriteAllText(Path.Combine(store.Locate(s), "manifest.json"), """{"hits": 1}""");
        }
        await store.ClearAsync(a, Ct);
        Assert.False(Directory.Exists(store.Locate(a)));
        Assert.NotNull(await store.FindCompletedAsync(b, Ct));
        await store.ClearAsync(a, Ct); // nothing there: no error
    }
}
