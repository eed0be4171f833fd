namespace Reservoir.FakeKubernetes.Faults;

/// <summary>
/// One failure to inject. A request matches when its verb and resource match (null matches anything); a
/// matching request is hit with <see cref="Probability"/>, at most <see cref="Count"/> times in all.
/// Faults are injected before the request touches the store, so a faulted write never happened.
/// </summary>
public sealed record FaultRule
{
    public required FaultKind Kind { get; init; }

    /// <summary>Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection); null for any.</summary>
    public string? Verb { get; init; }

    /// <summary>Plural resource name (jobs, pods, searches, leases …); null for any.</summary>
    public string? Resource { get; init; }

    /// <summary>Subresource (status); null for any, "" for main-resource requests only.</summary>
    public string? Subresource { get; init; }

    /// <value>The default value is 1 (every matching request).</value>
    public double Probability { get; init; } = 1.0;

    /// <summary>At most this many injections; null for no limit.</summary>
    public int? Count { get; init; }

    /// <value>Retry-After for 429 and 503. The default value is 1 second (the header carries whole seconds).</value>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <value>
    /// For <see cref="FaultKind.Delay"/>, how long to wait before serving; for <see cref="FaultKind.Timeout"/>, the
    /// longest hang before answering 504. The default value is 30 seconds.
    /// </value>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(30);
}
