using System.Net;
using Reservoir.Storage.Local;
using Reservoir.Web.Tests.Support;
using Xunit;

namespace Reservoir.Web.Tests.Hosting;

/// <summary>Read-only, confined to the root, and one broken result never breaks another.</summary>
public sealed class SafetyTests
{
    private const string Secret = "TOP-SECRET-OUTSIDE-THE-ROOT";

    [Theory]
    [InlineData("POST", "/")]
    [InlineData("PUT", "/files/obs-a/energy-detection/info_df.csv")]
    [InlineData("DELETE", "/files/obs-a/energy-detection/manifest.json")]
    [InlineData("PATCH", "/r/obs-a/energy-detection")]
    public async Task Request_NotGetOrHead_Is405AndChangesNothing(string method, string target)
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 1);
        var before = Directory.GetFiles(site.Root, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
        await site.StartAsync();

        var (status, text) = await RawHttp.SendAsync(site.Url, method, target);

        Assert.Equal(405, status);
        Assert.Contains("Allow: GET, HEAD", text);
        Assert.Equal(before, Directory.GetFiles(site.Root, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList());
    }

    [Fact]
    public async Task Head_ResultPage_Is200()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 1);
        await site.StartAsync();
        Assert.Equal(200, (await RawHttp.SendAsync(site.Url, "HEAD", "/r/obs-a/energy-detection")).Status);
    }

    [Theory]
    [InlineData("/files/../../secret.txt")]
    [InlineData("/files/obs-a/energy-detection/../../../secret.txt")]
    [InlineData("/files/obs-a/energy-detection/..%2f..%2f..%2fsecret.txt")]
    [InlineData("/files/obs-a/energy-detection/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt")]
    [InlineData("/files/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/files/obs-a/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/files/obs-a/energy-detection/..%5c..%5c..%5csecret.txt")]
    [InlineData("/files/obs-a/energy-detection/%2fetc%2fpasswd")]
    [InlineData("/files/obs-a/energy-detection//etc/passwd")]
    [InlineData("/files/obs-a/energy-detection/%252e%252e%252f%252e%252e%252fsecret.txt")]
    [InlineData("/r/..%2f..%2f/secret.txt")]
    [InlineData("/stamp/%2e%2e/%2e%2e/0")]
    [InlineData("//etc/passwd")]
    [InlineData("/files/obs-a/energy-detection/C:%5csecret.txt")]
    public async Task Request_Traversal_NeverReachesOutsideTheRoot(string target)
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 1);
        await File.WriteAllTextAsync(Path.Combine(site.Parent, "secret.txt"), Secret, TestContext.Current.CancellationToken);
        await site.StartAsync();

        var (status, text) = await RawHttp.SendAsync(site.Url, "GET", target);

        Assert.True(status is 400 or 404, $"{target} answered {status}");
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain("root:x:0:0", text);
    }

    [Fact]
    public async Task Symlinks_PointingOutside_AreNeitherListedNorServed()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 1);
        // A complete result set outside the root, reachable only through links inside it.
        var outside = Path.Combine(site.Parent, "outside");
        await ResultSetWriter.WriteEnergyAsync(new LocalFolderObjectStore(outside), "", "obs-x", hits: 2);
        await File.WriteAllTextAsync(Path.Combine(site.Parent, "secret.txt"), Secret, TestContext.Current.CancellationToken);
        Directory.CreateSymbolicLink(Path.Combine(site.Root, "obs-x"), Path.Combine(outside, "obs-x"));
        File.CreateSymbolicLink(Path.Combine(site.Root, "obs-a", "energy-detection", "leak.csv"), Path.Combine(site.Parent, "secret.txt"));
        // A link that stays inside the root is fine.
        Directory.CreateSymbolicLink(Path.Combine(site.Root, "obs-alias"), Path.Combine(site.Root, "obs-a"));
        await site.StartAsync();

        var list = await site.Http.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("obs-x", list);
        Assert.Contains("/r/obs-alias/energy-detection", list);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/r/obs-x/energy-detection", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/files/obs-x/energy-detection/manifest.json", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/stamp/obs-x/energy-detection/0", TestContext.Current.CancellationToken)).StatusCode);
        var leak = await site.Http.GetAsync("/files/obs-a/energy-detection/leak.csv", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, leak.StatusCode);
        Assert.DoesNotContain(Secret, await leak.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Symlink_LoopInsideTheRoot_DoesNotBreakTheList()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-a", hits: 1);
        Directory.CreateSymbolicLink(Path.Combine(site.Root, "obs-a", "energy-detection", "loop"), site.Root);
        await site.StartAsync();

        using var response = await site.Http.GetAsync("/", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // Either the listing copes with the loop, or the page says the root could not be listed; never a bare 500.
        Assert.True(html.Contains("/r/obs-a/energy-detection") || html.Contains("could not list"), html);
        Assert.Contains("Reservoir results", html);
    }

    [Fact]
    public async Task CorruptArtifacts_ShowErrorsOnThatResultOnly()
    {
        await using var site = new LocalSite();
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-good", hits: 3);
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-broken", hits: 3);
        await ResultSetWriter.WriteEnergyAsync(site.Store, "", "obs-nomanifest", hits: 3);
        await File.WriteAllTextAsync(Path.Combine(site.Root, "obs-broken", "energy-detection", "filtered.npy"), "not a numpy file", TestContext.Current.CancellationToken);
        File.Delete(Path.Combine(site.Root, "obs-broken", "energy-detection", "header.json"));
        await File.WriteAllTextAsync(Path.Combine(site.Root, "obs-nomanifest", "energy-detection", "manifest.json"), "{ truncated", TestContext.Current.CancellationToken);
        await site.StartAsync();

        var list = await site.Http.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("3 of 3 result sets", list);
        Assert.Contains("manifest unreadable", list);
        Assert.Equal(1, CountOf(list, "class=\"error\""));

        var broken = await site.Http.GetStringAsync("/r/obs-broken/energy-detection", TestContext.Current.CancellationToken);
        Assert.Contains("artifact-error\">filtered.npy:", broken);
        Assert.Contains("artifact-error\">header.json:", broken);
        Assert.Contains("Hits (3)", broken); // info_df still shows
        Assert.Equal(HttpStatusCode.InternalServerError, (await site.Http.GetAsync("/stamp/obs-broken/energy-detection/0", TestContext.Current.CancellationToken)).StatusCode);

        var unreadable = await site.Http.GetStringAsync("/r/obs-nomanifest/energy-detection", TestContext.Current.CancellationToken);
        Assert.Contains("artifact-error\">manifest.json:", unreadable);
        Assert.Contains("Stamps (3)", unreadable);

        var good = await site.Http.GetStringAsync("/r/obs-good/energy-detection", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("artifact-error", good);
        Assert.Equal(HttpStatusCode.OK, (await site.Http.GetAsync("/stamp/obs-good/energy-detection/0", TestContext.Current.CancellationToken)).StatusCode);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
