using Xunit;
using Microsoft.Extensions.Time.Testing;
using Reservoir.Operator.Reconcile.Queue;

namespace Reservoir.Operator.Tests.Reconcile.Queue;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static WorkQueue Create(FakeTimeProvider time) =>
        new(time, new KeyBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)));

    [Fact]
    public async Task Add_SameKeyTwice_HandedOutOnce()
    {
        using var queue = Create(new FakeTimeProvider());
        queue.Add("ns/a");
        queue.Add("ns/a");
        queue.Add("ns/b");

        var first = await queue.TakeAsync(TestContext.Current.CancellationToken);
        var second = await queue.TakeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["ns/a", "ns/b"], new[] { first, second });
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task Add_WhileProcessing_HandedOutAgainOnlyAfterDone()
    {
        using var queue = Create(new FakeTimeProvider());
        queue.Add("ns/a");
        var key = await queue.TakeAsync(TestContext.Current.CancellationToken);
        queue.Add("ns/a");

        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.TakeAsync(shortWait.Token));

        queue.Done(key);
        using var longWait = new CancellationTokenSource(Generous);
        Assert.Equal("ns/a", await queue.TakeAsync(longWait.Token));
    }

    [Fact]
    public async Task AddAfter_BeforeDue_NotHandedOut_ThenHandedOutOnce()
    {
        var time = new FakeTimeProvider();
        using var queue = Create(time);
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(10));
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(20)); // later: ignored, the earlier stays

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
        using var wait = new CancellationTokenSource(Generous);
        Assert.Equal("ns/a", await queue.TakeAsync(wait.Token));
        queue.Done("ns/a");

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public void AddAfter_EarlierDueReplacesLater()
    {
        var time = new FakeTimeProvider();
        using var queue = Create(time);
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(20));
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, queue.Length);
    }

    [Fact]
    public void AddRateLimited_RepeatedFailures_DelayDoublesUpToMax_ForgetResets()
    {
        using var queue = Create(new FakeTimeProvider());
        var delays = Enumerable.Range(0, 6).Select(_ => queue.AddRateLimited("ns/a")).ToList();

        Assert.Equal([100, 200, 400, 800, 1000, 1000], delays.Select(d => (int)d.TotalMilliseconds));
        queue.Forget("ns/a");
        Assert.Equal(TimeSpan.FromMilliseconds(100), queue.AddRateLimited("ns/a"));
    }

    [Fact]
    public async Task AddRateLimited_KeyAppearsAfterItsBackoff()
    {
        var time = new FakeTimeProvider();
        using var queue = Create(time);
        queue.AddRateLimited("ns/a");
        queue.AddRateLimited("ns/a"); // second failure: 200 ms, but the 100 ms timer is earlier and stays

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromMilliseconds(1));
        using var wait = new CancellationTokenSource(Generous);
        Assert.Equal("ns/a", await queue.TakeAsync(wait.Token));
    }

    [Fact]
    public async Task TakeAsync_ManyWorkers_EachKeyOnceAtATime()
    {
        using var queue = Create(new FakeTimeProvider());
        var inFlight = new HashSet<string>();
        var overlaps = 0;
        var processed = 0;
        using var stop = new CancellationTokenSource(Generous);
        for (var i = 0; i < 200; i++) queue.Add($"ns/k{i % 20}");

        async Task Worker()
        {
            while (Volatile.Read(ref processed) < 20)
            {
                string key;
                try { key = await queue.TakeAsync(stop.Token); } catch (OperationCanceledException) { return; }
                lock (inFlight) { if (!inFlight.Add(key)) overlaps++; }
                await Task.Yield();
                lock (inFlight) inFlight.Remove(key);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        }
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(Worker)).ToArray();
        while (Volatile.Read(ref processed) < 20 && !stop.IsCancellationRequested) await Task.Delay(10, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal(0, overlaps);
        Assert.Equal(20, processed); // 200 adds of 20 keys, deduplicated
    }
}
