using Reservoir.Core.Requests;
using Reservoir.Operator.Intake;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Benchmark.Load;

/// <summary>
/// Creates Searches straight through the API (not through Pub/Sub) to bring the number the operator tracks up to
/// a target quickly; the operator still lists/watches them and creates a Job for each.
/// </summary>
public sealed class SearchFiller(SearchClient searches, string @namespace)
{
    private static readonly RequestParser Parser = new(new IntakeOptions { InputRoot = "gs://bench-observations" });

    /// <returns>Observation → the moment just before its Search's create call.</returns>
    public async Task<IReadOnlyDictionary<string, long>> CreateAsync(string phase, int count, int parallelism, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, count).Select(i => LoadPublisher.Id(phase, i)).ToList();
        var created = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                created[id] = BenchClock.Now();
                foreach (var spec in Parser.Parse(id).Expand())
                    await searches.CreateAsync(@namespace, SearchResources.From(spec, "gs://bench-results", null, null), ct);
            });
        return created;
    }
}
