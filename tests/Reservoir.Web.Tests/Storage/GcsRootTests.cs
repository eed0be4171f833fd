using System.Net;
using Reservoir.Storage.Gcs;
using Reservoir.Storage.Locations;
using Reservoir.TestSupport.Emulators;
using Reservoir.Web.Tests.Support;
using Xunit;

namespace Reservoir.Web.Tests.Storage;

/// <summary>The site over a gs:// prefix, through the object-store interface, against the GCS emulator.</summary>
public sealed class GcsRootTests(GcsEmulatorFixture emulator) : IClassFixture<GcsEmulatorFixture>
{
    [Fact]
    public async Task Serve_GcsPrefix_ListsRendersAndDownloadsOnlyUnderThePrefix()
    {
        emulator.Require();
        var ct = TestContext.Current.CancellationToken;
        var bucket = $"web-{Guid.NewGuid():N}";
        var store = new GcsObjectStore(bucket, GcsOptions.ForEmulator(emulator.Host));
        await ResultSetWriter.WriteEnergyAsync(store, "runs/2026", "obs-g", hits: 4);
        await ResultSetWriter.WriteEnergyAsync(store, "other", "obs-hidden", hits: 1); // outside the prefix
        var resolver = ObjectStoreResolver.CreateDefault(name => name == GcsOptions.EmulatorHostVariable ? emulator.Host : null);
        await using var server = await ResultsServer.StartAsync(new WebOptions { Root = $"gs://{bucket}/runs/2026", Url = "http://127.0.0.1:0" }, resolver, cancellationToken: ct);
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(120) };

        var list = await http.GetStringAsync("/", ct);
        Assert.Contains("/r/obs-g/energy-detection", list);
        Assert.DoesNotContain("obs-hidden", list);
        var result = await http.GetStringAsync("/r/obs-g/energy-detection", ct);
        Assert.Contains("SRC_obs-g", result);
        Assert.Contains($"gs://{bucket}/runs/2026/obs-g/energy-detection/filtered.npy", result);
        Assert.DoesNotContain("artifact-error", result);
        var png = PngDecoder.Decode(await http.GetByteArrayAsync("/stamp/obs-g/energy-detection/3", ct));
        Assert.True(png.DistinctColours() > 20);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/r/obs-hidden/energy-detection", ct)).StatusCode);
        var (status, _) = await RawHttp.SendAsync(server.Url, "GET", "/files/obs-g/energy-detection/..%2f..%2f..%2fother%2fobs-hidden%2fenergy-detection%2fmanifest.json");
        Assert.Equal(404, status);
    }
}
