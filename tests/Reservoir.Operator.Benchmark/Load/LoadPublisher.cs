using System.Globalization;
using Reservoir.PubSub.Publishing;

namespace Reservoir.Operator.Benchmark.Load;

/// <summary>
/// Publishes observation IDs (bare-ID messages: default algorithm, input from the template) and notes each one's
/// publish time: the moment just before the publish call that carried it, so a slow publish counts against the
/// operator, never for it.
/// </summary>
public sealed class LoadPublisher(IPublisher publisher)
{
    public static string Id(string phase, int i) => string.Create(CultureInfo.InvariantCulture, $"bench-{phase}-{i:D6}");

    /// <summary>Publishes <paramref name="count"/> messages spread evenly at <paramref name="rate"/> per second;
    /// when a publish call runs late, the next one carries every message already due.</summary>
    public async Task<Dictionary<string, long>> SteadyAsync(string phase, int count, double rate, CancellationToken cancellationToken)
    {
        var published = new Dictionary<string, long>(count, StringComparer.Ordinal);
        var start = BenchClock.Now();
        var next = 0;
        while (next < count)
        {
            var elapsed = BenchClock.Between(start, BenchClock.Now()).TotalSeconds;
            var due = Math.Min(count, (int)Math.Floor(elapsed * rate) + 1);
            if (due > next)
            {
                var ids = Enumerable.Range(next, due - next).Select(i => Id(phase, i)).ToList();
                var at = BenchClock.Now();
                await publisher.PublishAsync(ids.Select(id => OutgoingMessage.FromText(id)).ToList(), cancellationToken);
                foreach (var id in ids) published[id] = at;
                next = due;
                continue;
            }
            var wait = (next / rate) - elapsed;
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
        }
        return published;
    }

    /// <summary>Publishes <paramref name="count"/> messages in one call (split into bounded requests by the publisher).</summary>
    public async Task<Dictionary<string, long>> BurstAsync(string phase, int count, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, count).Select(i => Id(phase, i)).ToList();
        var messages = ids.Select(id => OutgoingMessage.FromText(id)).ToList();
        var at = BenchClock.Now();
        await publisher.PublishAsync(messages, cancellationToken);
        return ids.ToDictionary(id => id, _ => at, StringComparer.Ordinal);
    }
}
