using Reservoir.Core.Execution;
using Reservoir.Core.Requests;
using Reservoir.Core.Results;

namespace Reservoir.Core.Dispatch;

/// <summary>
/// What the dispatcher reports while it works. Delivered one at a time (never concurrently), so an
/// observer needs no locking of its own; an observer must not block for long.
/// </summary>
public abstract record DispatchEvent(SearchSpec Spec)
{
    /// <summary>An attempt started (1-based <paramref name="Attempt"/>).</summary>
    public sealed record Started(SearchSpec Spec, int Attempt) : DispatchEvent(Spec);

    /// <summary>Not run: its result already exists.</summary>
    public sealed record Skipped(SearchSpec Spec, CompletedResult Result) : DispatchEvent(Spec);

    /// <summary>Finished with a complete result.</summary>
    public sealed record Succeeded(SearchSpec Spec, int Attempt, SearchOutcome.Succeeded Outcome) : DispatchEvent(Spec);

    /// <summary>Failed retryably; it went back to the queue for attempt <paramref name="Attempt"/> + 1.</summary>
    public sealed record Retrying(SearchSpec Spec, int Attempt, string Reason) : DispatchEvent(Spec);

    /// <summary>Given up: a terminal failure, or retryable failures until attempts ran out. Dead-lettered.</summary>
    public sealed record Failed(SearchSpec Spec, int Attempt, string Reason, bool Terminal) : DispatchEvent(Spec);
}
