using Xunit;
using Reservoir.Operator.Reconcile.Jobs;
using Reservoir.Operator.Resources;
using Reservoir.Storage.Locations;
using Reservoir.TestSupport;

namespace Reservoir.Operator.Tests.Reconcile.Jobs;

public sealed class ResultManifestsTests
{
    private static SearchResourceSpec Spec(string output) =>
        new() { Observation = "obs-1", Algorithm = "energy-detection", Input = "x", Output = output };

    [Fact]
    public async Task ReadHitsAsync_ManifestPresent_ReturnsHits()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "obs-1", "energy-detection"));
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "obs-1", "energy-detection", "manifest.json"), """{"observation":"obs-1","hits":17}""", TestContext.Current.CancellationToken);

        var hits = await new ResultManifests(ObjectStoreResolver.CreateDefault(_ => null)).ReadHitsAsync(Spec(temp.Path), TestContext.Current.CancellationToken);

        Assert.Equal(17, hits);
    }

    [Fact]
    public async Task ReadHitsAsync_NoManifest_Null()
    {
        using var temp = new TempDirectory();
        var hits = await new ResultManifests(ObjectStoreResolver.CreateDefault(_ => null)).ReadHitsAsync(Spec(temp.Path), TestContext.Current.CancellationToken);
        Assert.Null(hits);
    }

    [Fact]
    public async Task ReadHitsAsync_ManifestWithoutHits_ErrorNamesManifest()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "obs-1", "energy-detection"));
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "obs-1", "energy-detection", "manifest.json"), """{"hits":"many"}""", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new ResultManifests(ObjectStoreResolver.CreateDefault(_ => null)).ReadHitsAsync(Spec(temp.Path), TestContext.Current.CancellationToken));
        Assert.Contains("obs-1/energy-detection/manifest.json", error.Message);
    }

    [Fact]
    public void ResultUriOf_Bucket_FolderUriWithTrailingSlash()
    {
        Assert.Equal("gs://results-bucket/runs/obs-1/energy-detection/", ResultManifests.ResultUriOf(Spec("gs://results-bucket/runs")));
    }
}
