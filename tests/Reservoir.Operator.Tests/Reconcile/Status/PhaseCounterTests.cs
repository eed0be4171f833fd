using Xunit;
using Reservoir.Operator.Reconcile.Status;

namespace Reservoir.Operator.Tests.Reconcile.Status;

public sealed class PhaseCounterTests
{
    [Fact]
    public void Apply_CreateTransitionDelete_CountsFollow()
    {
        var counter = new PhaseCounter();
        Assert.True(counter.Apply(null, false, null, true));            // created, no status yet
        Assert.True(counter.Apply(null, true, "Running", true));
        Assert.True(counter.Apply(null, false, "Pending", true));
        Assert.False(counter.Apply("Running", true, "Running", true));   // unchanged phase
        Assert.True(counter.Apply("Running", true, "Succeeded", true));
        Assert.True(counter.Apply("Pending", true, null, false));        // deleted

        var counts = counter.Snapshot();
        Assert.Equal(0, counts[""]);
        Assert.Equal(0, counts["Running"]);
        Assert.Equal(0, counts["Pending"]);
        Assert.Equal(1, counts["Succeeded"]);
    }
}
