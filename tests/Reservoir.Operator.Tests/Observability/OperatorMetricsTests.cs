using Reservoir.Operator.Observability;
using Xunit;

namespace Reservoir.Operator.Tests.Observability;

public sealed class OperatorMetricsTests
{
    private static async Task<string> ExportAsync(OperatorMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.WriteAsync(stream, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Observations_AppearInExposition()
    {
        var metrics = new OperatorMetrics();
        metrics.Pulled(5);
        metrics.Pulled(0);
        metrics.Acked(deadLettered: false);
        metrics.Acked(deadLettered: true);
        metrics.DeadLettered("malformed");
        metrics.SearchStored(created: true);
        metrics.SearchStored(created: false);
        metrics.Redelivered();
        metrics.JobCreated("energy-detection", TimeSpan.FromMilliseconds(300));
        metrics.JobCreated("energy-detection", TimeSpan.FromSeconds(3));
        metrics.JobCreated("energy-detection", null);
        metrics.ReconcileError("conflict");
        metrics.Leading(true);

        var text = await ExportAsync(metrics);
        Assert.Contains("reservoir_intake_pulls_total 2", text);
        Assert.Contains("reservoir_intake_messages_pulled_total 5", text);
        Assert.Contains("reservoir_intake_acks_total{outcome=\"searches\"} 1", text);
        Assert.Contains("reservoir_intake_acks_total{outcome=\"dead-letter\"} 1", text);
        Assert.Contains("reservoir_intake_dead_letters_total{kind=\"malformed\"} 1", text);
        Assert.Contains("reservoir_intake_searches_total{result=\"created\"} 1", text);
        Assert.Contains("reservoir_intake_redeliveries_total 1", text);
        Assert.Contains("reservoir_jobs_created_total{algorithm=\"energy-detection\"} 3", text);
        Assert.Contains("reservoir_dispatch_latency_seconds_count{algorithm=\"energy-detection\"} 2", text);
        Assert.Contains("reservoir_dispatch_latency_seconds_bucket{algorithm=\"energy-detection\",le=\"0.5\"} 1", text);
        Assert.Contains("reservoir_dispatch_latency_seconds_bucket{algorithm=\"energy-detection\",le=\"5\"} 2", text);
        Assert.Contains("reservoir_reconcile_errors_total{reason=\"conflict\"} 1", text);
        Assert.Contains("reservoir_leader 1", text);
    }

    [Fact]
    public async Task PhaseCounts_MissingPhaseDropsToZero()
    {
        var metrics = new OperatorMetrics();
        metrics.PhaseCounts(new Dictionary<string, int> { ["Running"] = 4, ["Pending"] = 2 });
        metrics.PhaseCounts(new Dictionary<string, int> { ["Succeeded"] = 6 });
        var text = await ExportAsync(metrics);
        Assert.Contains("reservoir_searches{phase=\"Succeeded\"} 6", text);
        Assert.Contains("reservoir_searches{phase=\"Running\"} 0", text);
        Assert.Contains("reservoir_searches{phase=\"Pending\"} 0", text);
    }

    [Fact]
    public async Task TwoInstances_DoNotShareCounts()
    {
        var one = new OperatorMetrics();
        var two = new OperatorMetrics();
        one.Redelivered();
        Assert.Contains("reservoir_intake_redeliveries_total 0", await ExportAsync(two));
    }
}
