using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Reservoir.Web.Tests.Support;
using Xunit;

namespace Reservoir.Web.Tests.Hosting;

public sealed class ResultsServerTests
{
    [Fact]
    public async Task List_CompleteAndIncompleteResults_ShowsOnlyThoseWithManifest()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 5);
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-b", hits: 0);
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-c", hits: 2);
        await site.Store.DeleteAsync("obs-c/energy-detection/manifest.json", TestContext.Current.CancellationToken); // a run still writing
        await site.StartAsync();

        var html = await site.Http.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("href=\"/r/obs-a/energy-detection\"", html);
        Assert.Contains("href=\"/r/obs-b/energy-detection\"", html);
        Assert.DoesNotContain("obs-c", html);
        Assert.Contains("2 of 2 result sets", html);
        Assert.Contains("<td class=\"num\">5</td>", html);
        Assert.Contains("128.4 KiB", html); // input size 131,466 bytes
        Assert.Contains("2026-12-01 10:00:02 UTC", html);
    }

    [Fact]
    public async Task List_SearchAndPages_FiltersBySubstringAndPaginates()
    {
        await using var site = new LocalSite();
        for (var i = 0; i < 7; i++) await ResultSetWriter.WriteEnergyAsync(site.Store, "", $"blc{i:00}_guppi", hits: 1);
        await ResultSetWriter.WriteClassifierAsync(site.Store, "", "blc03_guppi", ["noise"]);
        await site.StartAsync(o => o with { PageSize = 3 });

        var search = await site.Http.GetStringAsync("/?q=CLASSIFIER", TestContext.Current.CancellationToken);
        Assert.Contains("1 of 8 result sets", search);
        Assert.Contains("/r/blc03_guppi/cnn-classifier", search);

        var page3 = await site.Http.GetStringAsync("/?page=3", TestContext.Current.CancellationToken);
        Assert.Contains("page 3 of 3", page3);
        Assert.Contains("/r/blc06_guppi/energy-detection", page3);
        Assert.DoesNotContain("/r/blc00_guppi/", page3);
        Assert.Contains("rel=\"prev\" href=\"/?page=2\"", page3);
    }

    [Fact]
    public async Task Result_EnergyDetection_ShowsHeaderHitsHistogramStampsAndSnippet()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 30);
        await site.StartAsync();

        var html = await site.Http.GetStringAsync("/r/obs-a/energy-detection", TestContext.Current.CancellationToken);

        foreach (var text in new[] { "SRC_obs-a", "telescope_id", "6663.99999987334", "-1.3969838619232178E-06", "1.431655765333332", "57650.78209490741", "2016-09-" })
            Assert.Contains(text, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<canvas id=\"histogram\"", html);
        Assert.Contains("Hits (30)", html);
        Assert.Contains("src=\"/stamp/obs-a/energy-detection/23\"", html); // 24 stamps on page 1
        Assert.DoesNotContain("src=\"/stamp/obs-a/energy-detection/24\"", html);
        Assert.Contains("stamps page 1 of 2", html);
        Assert.Contains("MHz", html);
        Assert.Contains("<span>22.91</span><span>time (s)</span>", html); // 16 integrations × tsamp
        Assert.Contains("frequency (MHz)", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode("np.load(\"" + Path.Combine(site.Root, "obs-a", "energy-detection", "filtered.npy") + "\")"), html);
        Assert.DoesNotContain("artifact-error", html);

        var page2 = await site.Http.GetStringAsync("/r/obs-a/energy-detection?page=2", TestContext.Current.CancellationToken);
        Assert.Contains("src=\"/stamp/obs-a/energy-detection/29\"", page2);
        Assert.DoesNotContain("src=\"/stamp/obs-a/energy-detection/23\"", page2);
    }

    [Fact]
    public async Task Result_Classifier_ShowsPredictionBesideEachStamp()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteClassifierAsync(site.Store, "", "obs-k", ["noise", "signal", "rfi"]);
        await site.StartAsync();

        var html = await site.Http.GetStringAsync("/r/obs-k/cnn-classifier", TestContext.Current.CancellationToken);

        Assert.Contains("<figure class=\"stamp\" id=\"stamp-1\"><figcaption>hit 1 · <span class=\"prediction\">signal</span>", html);
        Assert.Contains("<figure class=\"stamp\" id=\"stamp-2\"><figcaption>hit 2 · <span class=\"prediction\">rfi</span>", html);
        Assert.DoesNotContain("<canvas id=\"histogram\"", html); // no freqs column
    }

    [Fact]
    public async Task Stamp_ValidIndex_IsPngOfStampSizeWithManyColours()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 3);
        await site.StartAsync();

        using var response = await site.Http.GetAsync("/stamp/obs-a/energy-detection/2", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var image = PngDecoder.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        Assert.Equal((64, 16), (image.Width, image.Height));
        Assert.True(image.DistinctColours() > 20, $"only {image.DistinctColours()} colours");
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/stamp/obs-a/energy-detection/3", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Files_EachArtifact_DownloadsBytesMatchingManifestSha256()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 4);
        await site.StartAsync();
        using var manifest = JsonDocument.Parse(await site.Http.GetStringAsync("/files/obs-a/energy-detection/manifest.json", TestContext.Current.CancellationToken));

        var files = manifest.RootElement.GetProperty("files").EnumerateObject().ToList();
        Assert.Equal(3, files.Count);
        foreach (var file in files)
        {
            var bytes = await site.Http.GetByteArrayAsync($"/files/obs-a/energy-detection/{file.Name}", TestContext.Current.CancellationToken);
            Assert.Equal(file.Value.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        var page = await site.Http.GetStringAsync("/r/obs-a/energy-detection", TestContext.Current.CancellationToken);
        Assert.Contains("href=\"/files/obs-a/energy-detection/info_df.csv\"", page);
    }

    [Fact]
    public async Task Result_Unknown_Is404()
    {
        await using var site = new LocalSite();
        await site.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/r/nothing/energy-detection", TestContext.Current.CancellationToken)).StatusCode);
    }
}
