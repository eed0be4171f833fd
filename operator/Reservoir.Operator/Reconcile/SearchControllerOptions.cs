namespace Reservoir.Operator.Reconcile;

/// <summary>Settings of the <see cref="SearchController"/>; <see cref="Validate"/> runs when a controller is built.</summary>
public sealed record SearchControllerOptions
{
    /// <summary>Namespace of the Searches and Jobs. Required.</summary>
    public required string Namespace { get; init; }

    /// <summary>Reconcile workers (1–64). The default is 4.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Every cached Search is re-enqueued this often (a safety net for missed events). The default is 5 minutes.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>List page size (limit/continue) of the initial and re-lists (1–5000). The default is 500.</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>Length of one watch request before it is renewed from the last resourceVersion. The default is 5 minutes.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a Search held by its algorithm's concurrency cap is looked at again (it is also
    /// woken when a Job of its algorithm finishes). The default is 10 seconds.</summary>
    public TimeSpan PendingRecheck { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay of the per-Search backoff after a failed reconcile. The default is 200 ms.</summary>
    public TimeSpan FailureBackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest per-Search backoff. The default is 60 seconds.</summary>
    public TimeSpan FailureBackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First watch reconnect delay (jittered, doubling). The default is 200 ms.</summary>
    public TimeSpan WatchReconnectBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest watch reconnect delay. The default is 30 seconds.</summary>
    public TimeSpan WatchReconnectMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Namespace)) throw new ArgumentException("SearchControllerOptions.Namespace is required");
        if (Workers is < 1 or > 64) throw new ArgumentException($"SearchControllerOptions.Workers must be 1..64, not {Workers}");
        if (ListPageSize is < 1 or > 5000) throw new ArgumentException($"SearchControllerOptions.ListPageSize must be 1..5000, not {ListPageSize}");
        Positive(ResyncPeriod, nameof(ResyncPeriod));
        Positive(WatchTimeout, nameof(WatchTimeout));
        if (WatchTimeout < TimeSpan.FromSeconds(1)) throw new ArgumentException("SearchControllerOptions.WatchTimeout must be at least 1 s");
        Positive(PendingRecheck, nameof(PendingRecheck));
        Positive(FailureBackoffBase, nameof(FailureBackoffBase));
        Positive(WatchReconnectBase, nameof(WatchReconnectBase));
        if (FailureBackoffMax < FailureBackoffBase) throw new ArgumentException("SearchControllerOptions.FailureBackoffMax must be ≥ FailureBackoffBase");
        if (WatchReconnectMax < WatchReconnectBase) throw new ArgumentException("SearchControllerOptions.WatchReconnectMax must be ≥ WatchReconnectBase");
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentException($"SearchControllerOptions.{name} must be positive, not {value}");
    }
}
