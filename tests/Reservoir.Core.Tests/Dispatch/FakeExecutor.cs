using System.Collections.Concurrent;
using Reservoir.Core.Execution;
using Reservoir.Core.Requests;

namespace Reservoir.Core.Tests.Dispatch;

/// <summary>
/// An in-memory executor: <paramref name="behaviour"/> decides each attempt's outcome; a success writes a
/// real manifest where the result store looks, as the runner would. Records calls and peak concurrency.
/// </summary>
internal sealed class FakeExecutor(string outputRoot, Func<SearchSpec, int, CancellationToken, Task<SearchOutcome>> behaviour) : ISearchExecutor
{
    private int _running;
    private int _peak;

    public ConcurrentQueue<(string Observation, int Attempt)> Calls { get; } = new();

    public int Peak => Volatile.Read(ref _peak);

    public async Task<SearchOutcome> ExecuteAsync(SearchSpec spec, int attempt, CancellationToken cancellationToken)
    {
        Calls.Enqueue((spec.Observation, attempt));
        var now = Interlocked.Increment(ref _running);
        InterlockedMax(ref _peak, now);
        try
        {
            var outcome = await behaviour(spec, attempt, cancellationToken);
            if (outcome is SearchOutcome.Succeeded ok)
            {
                var folder = Path.Combine(outputRoot, spec.Observation, spec.Algorithm);
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, "manifest.json"), $$"""{"hits": {{ok.Hits}}}""");
                return ok with { ResultLocation = folder };
            }
            return outcome;
        }
        finally { Interlocked.Decrement(ref _running); }
    }

    public static SearchOutcome Ok(long hits) => new SearchOutcome.Succeeded(hits, "", TimeSpan.FromMilliseconds(1));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
