namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// One change to the cache: <paramref name="Current"/> is null for a deletion, <paramref name="Previous"/>
/// null for a new object. Re-lists deliver changes too (objects gone while the watch was down arrive as deletions).
/// </summary>
internal sealed record WatchChange<T>(string Key, T? Previous, T? Current) where T : class;
