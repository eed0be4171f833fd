using Xunit;
using Reservoir.Operator.Reconcile.Watching;

namespace Reservoir.Operator.Tests.Reconcile.Watching;

public sealed class StringPoolTests
{
    [Fact]
    public void Share_EqualStrings_ReturnsFirstInstance()
    {
        var pool = new StringPool();
        var first = new string("energy-detection".AsSpan());
        var second = new string("energy-detection".AsSpan());

        Assert.Same(first, pool.Share(first));
        Assert.Same(first, pool.Share(second));
        Assert.Null(pool.Share(null));
    }

    [Fact]
    public void Share_PoolFull_ReturnsNewValuesUnpooledAndStopsGrowing()
    {
        var pool = new StringPool(capacity: 2);
        pool.Share("a");
        pool.Share("b");
        var late = new string("c".AsSpan());
        var again = new string("c".AsSpan());

        Assert.Same(late, pool.Share(late));
        Assert.Same(again, pool.Share(again));
        Assert.Equal(2, pool.Count);
    }
}
