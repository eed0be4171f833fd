namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>How a <see cref="ResourceWatcher{T}"/> pages, how long each watch request lasts, and how it reconnects.</summary>
internal sealed record WatcherSettings(int PageSize, TimeSpan WatchTimeout, TimeSpan ReconnectBase, TimeSpan ReconnectMax, Func<double> Random);
