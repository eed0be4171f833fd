namespace Reservoir.Operator.Reconcile.Notify;

/// <summary>
/// Told once a Search reaches a final phase, after that phase is stored. Throwing makes the reconciler retry the
/// notification later (the final status stays). Implementations must be thread-safe.
/// </summary>
public interface ISearchNotifier
{
    Task NotifyAsync(SearchCompletion completion, CancellationToken cancellationToken);
}

/// <summary>
/// A Search's final outcome. <paramref name="Phase"/> is Succeeded or Failed; <paramref name="Reason"/> is the
/// Job's failure kind (PodFailurePolicy, BackoffLimitExceeded, DeadlineExceeded, NoManifest, UnknownAlgorithm) or null.
/// </summary>
public sealed record SearchCompletion(
    string Search, string Namespace, string Observation, string Algorithm, string Phase,
    long? Hits, string? ResultUri, string? Message, string? Image, string? Reason);
