using System.Globalization;
using Reservoir.Web.Tests.Support;
using Xunit;

namespace Reservoir.Web.Tests.Browser;

/// <summary>The site in a real browser: list → click → result with drawn histogram and stamps, sorting and filtering.</summary>
public sealed class ResultsBrowserTests
{
    // [pixels that are not white, distinct colours] of a canvas, read back with getImageData.
    private const string CanvasPixels = """
        c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let ink = 0; const colours = new Set();
               for (let i = 0; i < d.length; i += 4) { if (d[i] < 250 || d[i+1] < 250 || d[i+2] < 250) ink++; colours.add(d[i] << 16 | d[i+1] << 8 | d[i+2]); }
               return [ink, colours.size]; }
        """;

    private const string ImageColours = """
        async imgs => { const out = []; for (const img of imgs) { await img.decode();
            const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
            const x = c.getContext('2d'); x.drawImage(img, 0, 0); const d = x.getImageData(0, 0, c.width, c.height).data; const s = new Set();
            for (let i = 0; i < d.length; i += 4) s.add(d[i] << 16 | d[i+1] << 8 | d[i+2]); out.push(s.size); } return out; }
        """;

    [Fact]
    public async Task Browser_ListThenResult_RendersHistogramStampsAndSorts()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 30);
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-b", hits: 3);
        await ResultSetWriter.WriteClassifierAsync(site.Store, "", "obs-k", ["noise", "signal", "rfi"]);
        await site.StartAsync();
        await using var chromium = await ChromiumSession.StartAsync();
        var page = chromium.Page;

        await page.GotoAsync(site.Url.ToString());
        Assert.Equal(3, await page.Locator("#results tbody tr").CountAsync());
        await chromium.ScreenshotAsync("observations");

        await page.ClickAsync("a[href='/r/obs-a/energy-detection']");
        await page.WaitForURLAsync("**/r/obs-a/energy-detection");
        Assert.Contains("obs-a", await page.Locator("h1").InnerTextAsync());

        var histogram = await page.Locator("#histogram").EvaluateAsync<int[]>(CanvasPixels);
        Assert.True(histogram[0] > 500, $"histogram canvas has only {histogram[0]} drawn pixels");
        var stamps = await page.Locator("#stamps img").EvaluateAllAsync<int[]>(ImageColours);
        Assert.Equal(24, stamps.Length);
        Assert.All(stamps, colours => Assert.True(colours > 20, $"a stamp shows only {colours} colours"));

        var statistic = page.Locator("#hits th button", new() { HasTextString = "statistic" });
        await statistic.ClickAsync();
        var ascending = await ColumnAsync(page, 2);
        Assert.Equal(ascending.Order().ToList(), ascending);
        Assert.Equal(30, ascending.Count);
        await statistic.ClickAsync();
        var descending = await ColumnAsync(page, 2);
        Assert.Equal(ascending.OrderDescending().ToList(), descending);

        await page.FillAsync("#hit-filter", "3500");
        Assert.True(await page.Locator("#hits tbody tr:visible").CountAsync() is > 0 and < 30);
        await page.FillAsync("#hit-filter", "");
        await chromium.ScreenshotAsync("result-energy-detection");

        await page.GotoAsync(new Uri(site.Url, "/r/obs-k/cnn-classifier").ToString());
        Assert.Equal("signal", await page.Locator("#stamp-1 .prediction").InnerTextAsync());
        Assert.All(await page.Locator("#stamps img").EvaluateAllAsync<int[]>(ImageColours), colours => Assert.True(colours > 20));
        await chromium.ScreenshotAsync("result-classifier");
        Assert.True(File.Exists(Path.Combine(ChromiumSession.ScreenshotFolder, "observations.png")));
    }

    private static async Task<List<double>> ColumnAsync(Microsoft.Playwright.IPage page, int column) =>
        [.. (await page.Locator($"#hits tbody tr td:nth-child({column + 1})").AllInnerTextsAsync())
            .Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
}
