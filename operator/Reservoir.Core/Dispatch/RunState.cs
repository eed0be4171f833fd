using Reservoir.Core.Execution;
using Reservoir.Core.Requests;
using Reservoir.Core.Results;

namespace Reservoir.Core.Dispatch;

/// <summary>Counters of one dispatcher run and the serialised delivery of its events.</summary>
internal sealed class RunState(Action<DispatchEvent>? onEvent, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly long _started = time.GetTimestamp();
    private readonly HashSet<string> _observations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failures = new(StringComparer.Ordinal);
    private int _succeeded, _skipped, _retries;
    private long _hits;

    public void Emit(DispatchEvent e, SearchSpec spec)
    {
        lock (_gate)
        {
            _observations.Add(spec.Observation);
            onEvent?.Invoke(e);
        }
    }

    public void Skipped(SearchSpec spec, CompletedResult result)
    {
        lock (_gate)
        {
            _skipped++;
            _hits += Math.Max(0, result.Hits);
            Emit(new DispatchEvent.Skipped(spec, result), spec);
        }
    }

    public void Succeeded(SearchSpec spec, int attempt, SearchOutcome.Succeeded outcome)
    {
        lock (_gate)
        {
            _succeeded++;
            _hits += Math.Max(0, outcome.Hits);
            Emit(new DispatchEvent.Succeeded(spec, attempt, outcome), spec);
        }
    }

    public void Retrying(SearchSpec spec, int attempt, string reason)
    {
        lock (_gate)
        {
            _retries++;
            Emit(new DispatchEvent.Retrying(spec, attempt, reason), spec);
        }
    }

    public void Failed(SearchSpec spec, int attempt, string reason, bool terminal)
    {
        lock (_gate)
        {
            _failures[spec.Name] = reason;
            Emit(new DispatchEvent.Failed(spec, attempt, reason, terminal), spec);
        }
    }

    public DispatchSummary Summary(bool cancelled)
    {
        lock (_gate)
        {
            return new DispatchSummary(_observations.Count, _succeeded, _skipped, _failures.Count, _retries, _hits,
                time.GetElapsedTime(_started), new Dictionary<string, string>(_failures), cancelled);
        }
    }
}
