using Xunit;
using Reservoir.Operator.Reconcile.Watching;

namespace Reservoir.Operator.Tests.Reconcile.Watching;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Next_RandomAtExtremes_BetweenHalfAndFullOfDoublingCeiling()
    {
        var low = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), () => 0.0);
        var high = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), () => 0.999999);

        var lows = Enumerable.Range(0, 6).Select(_ => low.Next().TotalMilliseconds).ToList();
        var highs = Enumerable.Range(0, 6).Select(_ => high.Next().TotalMilliseconds).ToList();

        Assert.Equal([50, 100, 200, 400, 500, 500], lows.Select(v => Math.Round(v)));
        Assert.Equal([100, 200, 400, 800, 1000, 1000], highs.Select(v => Math.Round(v)));
    }

    [Fact]
    public void Reset_AfterGrowth_StartsFromBaseAgain()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), () => 0.999999);
        for (var i = 0; i < 5; i++) backoff.Next();
        backoff.Reset();
        Assert.Equal(100, Math.Round(backoff.Next().TotalMilliseconds));
    }
}
