using Microsoft.Extensions.Logging;
using Reservoir.Sdk;

namespace Reservoir.Runner.Running;

/// <summary>
/// Turns an algorithm's progress reports into log lines: the first report, the last (done = total), and at
/// most one per <paramref name="interval"/> between, so a fast loop does not flood stderr.
/// </summary>
internal sealed class ProgressLog(ILogger logger, string algorithm, TimeProvider time, TimeSpan interval) : IProgress<SearchProgress>
{
    private readonly Lock _lock = new();
    private long _lastTimestamp = long.MinValue;

    public void Report(SearchProgress value)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var final = value.Total > 0 && value.Done >= value.Total;
            if (!final && _lastTimestamp != long.MinValue && time.GetElapsedTime(_lastTimestamp, now) < interval) return;
            _lastTimestamp = now;
        }
        var percent = value.Total > 0 ? 100.0 * value.Done / value.Total : 0;
        logger.LogInformation("{Algorithm}: {Done}/{Total} {Unit} ({Percent:F0}%)", algorithm, value.Done, value.Total, value.Unit, percent);
    }
}
