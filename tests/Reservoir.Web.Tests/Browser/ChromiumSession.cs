using Microsoft.Playwright;
using Reservoir.TestSupport;

namespace Reservoir.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download is impossible offline). Fails under
/// CI=true and skips elsewhere when /usr/bin/chromium is missing. Screenshots go to
/// <c>bin/&lt;cfg&gt;/net10.0/screenshots/</c>.
/// </summary>
internal sealed class ChromiumSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ChromiumSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<ChromiumSession> StartAsync()
    {
        if (!File.Exists(ChromiumPath)) Require.Missing($"Chromium ({ChromiumPath}, Debian package chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            Timeout = 120_000, // a loaded CI machine starts Chromium slowly; this bounds a hang, not speed
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(60_000);
        return new ChromiumSession(playwright, browser, page);
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
