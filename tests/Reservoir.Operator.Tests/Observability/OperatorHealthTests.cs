using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Reservoir.Operator.Observability;
using Xunit;

namespace Reservoir.Operator.Tests.Observability;

public sealed class OperatorHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Liveness_LoopStalls_Fails_UntrackedLoopNoLongerCounts()
    {
        var time = new FakeTimeProvider();
        var health = new OperatorHealth(time) { StallAfter = TimeSpan.FromMinutes(2) };
        var beat = time.GetUtcNow();
        var tracking = health.Track("intake", () => beat);
        using var _ = health.Track("election", () => time.GetUtcNow()); // always fresh

        Assert.True(health.Liveness().Healthy);
        time.Advance(TimeSpan.FromMinutes(3));
        var report = health.Liveness();
        Assert.False(report.Healthy);
        Assert.Contains("intake: stalled, no progress for 180 s", report.Lines);
        Assert.Contains("election: ok", report.Lines);

        tracking.Dispose(); // leadership lost: the intake no longer runs
        Assert.True(health.Liveness().Healthy);
    }

    [Fact]
    public void Readiness_NeedsKnownLeader_AndSyncedCachesWhileLeading()
    {
        var health = new OperatorHealth(new FakeTimeProvider());
        Assert.False(health.Readiness().Healthy);
        var leaderKnown = false;
        var synced = false;
        health.SetReadiness(() => leaderKnown);
        Assert.False(health.Readiness().Healthy);
        leaderKnown = true;
        Assert.True(health.Readiness().Healthy); // a standby is ready once it knows who leads
        health.SetCachesSynced(() => synced);
        Assert.Contains("caches: not synced yet", health.Readiness().Lines);
        synced = true;
        Assert.True(health.Readiness().Healthy);
    }

    [Fact]
    public async Task WebServer_ServesMetricsHealthAndReadiness()
    {
        var time = new FakeTimeProvider();
        var metrics = new OperatorMetrics();
        metrics.Pulled(3);
        var health = new OperatorHealth(time) { StallAfter = TimeSpan.FromMinutes(1) };
        var beat = time.GetUtcNow();
        health.Track("intake", () => beat);
        await using var server = await OperatorWebServer.StartAsync(0, metrics, health, NullLoggerFactory.Instance, IPAddress.Loopback, Ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/") };

        var metricsResponse = await http.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, metricsResponse.StatusCode);
        Assert.Contains("reservoir_intake_messages_pulled_total 3", await metricsResponse.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz", Ct)).StatusCode);
        time.Advance(TimeSpan.FromMinutes(2));
        var stalled = await http.GetAsync("healthz", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
        Assert.Contains("intake: stalled", await stalled.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("readyz", Ct)).StatusCode);
        health.SetReadiness(() => true);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("readyz", Ct)).StatusCode);
    }
}
