using Xunit;
using Reservoir.Operator.Reconcile.Jobs;

namespace Reservoir.Operator.Tests.Reconcile.Jobs;

public sealed class RunningJobsTests
{
    [Fact]
    public void TryReserve_AtCap_RefusedAndRemembered_FreedSlotWakesWaiter()
    {
        var running = new RunningJobs();
        Assert.True(running.TryReserve("ed", "ns/a", 2, out _));
        Assert.True(running.TryReserve("ed", "ns/b", 2, out _));

        Assert.False(running.TryReserve("ed", "ns/c", 2, out var count));
        Assert.Equal(2, count);
        Assert.True(running.TryReserve("cnn", "ns/x", 2, out _)); // caps are per algorithm

        var woken = running.Observe("ed", "ns/a", unfinished: false);
        Assert.Equal(["ns/c"], woken);
        Assert.True(running.TryReserve("ed", "ns/c", 2, out _));
        Assert.Equal(2, running.Count("ed"));
    }

    [Fact]
    public void TryReserve_SameKeyAgain_DoesNotCountTwice()
    {
        var running = new RunningJobs();
        Assert.True(running.TryReserve("ed", "ns/a", 1, out _));
        Assert.True(running.TryReserve("ed", "ns/a", 1, out _));
        running.Observe("ed", "ns/a", unfinished: true); // the watch sees the Job: still one
        Assert.Equal(1, running.Count("ed"));
    }

    [Fact]
    public void TryReserve_NoCap_AlwaysGranted()
    {
        var running = new RunningJobs();
        for (var i = 0; i < 100; i++) Assert.True(running.TryReserve("ed", $"ns/{i}", null, out _));
        Assert.Equal(100, running.Count("ed"));
    }

    [Fact]
    public void Release_UnknownKey_WakesNobody()
    {
        var running = new RunningJobs();
        running.TryReserve("ed", "ns/a", 1, out _);
        running.TryReserve("ed", "ns/b", 1, out _);
        Assert.Empty(running.Release("ed", "ns/zzz"));
        Assert.Equal(["ns/b"], running.Release("ed", "ns/a"));
    }
}
