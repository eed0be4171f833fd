using Xunit;
using Reservoir.Operator.Reconcile;

namespace Reservoir.Operator.Tests.Reconcile;

public sealed class ReconcileResultTests
{
    [Fact]
    public void RequeueAfter_Negative_ClampedToZero()
    {
        var result = ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(-3));
        Assert.Equal(ReconcileOutcome.Requeue, result.Outcome);
        Assert.Equal(TimeSpan.Zero, result.Delay);
    }

    [Fact]
    public void Failure_KeepsReason()
    {
        var result = ReconcileResult.Failure("api: 500");
        Assert.Equal(ReconcileOutcome.Failure, result.Outcome);
        Assert.Equal("api: 500", result.Reason);
        Assert.Equal(ReconcileOutcome.Done, ReconcileResult.Done.Outcome);
    }
}
