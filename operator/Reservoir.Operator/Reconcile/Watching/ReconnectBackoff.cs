namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// Delays between watch reconnects: exponential from <c>baseDelay</c> up to <c>maxDelay</c>, each multiplied by a
/// random factor in [0.5, 1) so that many clients cut off together do not come back together.
/// Not thread-safe: one per watch loop.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Func<double> _random;
    private int _attempt;

    /// <param name="random">A source of uniform values in [0, 1) (injected for tests).</param>
    public ReconnectBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Func<double> random)
    {
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _random = random;
    }

    public TimeSpan Next()
    {
        var exponent = Math.Min(_attempt++, 30);
        var ceiling = Math.Min(_baseDelay.Ticks * Math.Pow(2, exponent), _maxDelay.Ticks);
        var factor = 0.5 + 0.5 * Math.Clamp(_random(), 0, 1);
        return TimeSpan.FromTicks((long)(ceiling * factor));
    }

    public void Reset() => _attempt = 0;
}
