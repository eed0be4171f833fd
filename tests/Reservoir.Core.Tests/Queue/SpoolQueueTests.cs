using System.Diagnostics;
using Reservoir.Core.Queue;
using Reservoir.Core.Requests;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Core.Tests.Queue;

public sealed class SpoolQueueTests : IDisposable
{
    private readonly TempDirectory _dir = new("spool-test");

    public void Dispose() => _dir.Dispose();

    private static SearchSpec Spec(string observation, string algorithm = "energy-detection") =>
        SearchSpec.Create(observation, $"/in/{observation}.h5", algorithm, new Dictionary<string, string> { ["threshold"] = "100" });

    private string[] Files(string sub) => Directory.GetFiles(Path.Combine(_dir.Path, sub)).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public async Task EnqueueLeaseAck_RoundTripsSpecAndLeavesNothing()
    {
        var queue = SpoolQueue.Open(_dir.Path);
        var spec = Spec("obs-1");
        Assert.True(await queue.EnqueueAsync(spec, TestContext.Current.CancellationToken));

        var lease = await queue.TryLeaseAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(lease);
        Assert.Equal(1, lease.Attempt);
        Assert.Equal(spec.Name, lease.Spec.Name);
        Assert.Equal(spec.Input, lease.Spec.Input);
        Assert.Equal("100", lease.Spec.Params["threshold"]);
        Assert.Empty(Files("pending"));
        Assert.Single(Files("leased"));
        Assert.Equal([spec.Name], queue.LeasedNames());
        Assert.Null(await queue.TryLeaseAsync(TestContext.Current.CancellationToken));

        await queue.AckAsync(lease, TestContext.Current.CancellationToken);
        Assert.Equal((0, 0, 0), queue.Count());
        Assert.Empty(Files("tmp"));
    }

    [Fact]
    public async Task Enqueue_SurvivesReopen_InFifoOrder()
    {
        var first = SpoolQueue.Open(_dir.Path);
        foreach (var o in new[] { "c", "a", "b" })
        {
            await first.EnqueueAsync(Spec(o), TestContext.Current.CancellationToken);
            File.SetLastWriteTimeUtc(Directory.GetFiles(Path.Combine(_dir.Path, "pending"), Spec(o).Name + "~*").Single(), DateTime.UtcNow.AddMinutes(o == "c" ? -3 : o == "a" ? -2 : -1));
        }

        var reopened = SpoolQueue.Open(_dir.Path);
        var order = new List<string>();
        while (await reopened.TryLeaseAsync(TestContext.Current.CancellationToken) is { } lease) order.Add(lease.Spec.Observation);
        Assert.Equal(["c", "a", "b"], order);
    }

    [Fact]
    public async Task Enqueue_DuplicateWhilePendingOrLeased_IsIgnored()
    {
        var queue = SpoolQueue.Open(_dir.Path);
        Assert.True(await queue.EnqueueAsync(Spec("dup"), TestContext.Current.CancellationToken));
        Assert.False(await queue.EnqueueAsync(Spec("dup"), TestContext.Current.CancellationToken));
        var lease = await queue.TryLeaseAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(lease);
        Assert.False(await queue.EnqueueAsync(Spec("dup"), TestContext.Current.CancellationToken));
        Assert.Null(await queue.TryLeaseAsync(TestContext.Current.CancellationToken));
        await queue.AckAsync(lease, TestContext.Current.CancellationToken);
        Assert.True(await queue.EnqueueAsync(Spec("dup"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Release_CountsAttempt_UnlessInterrupted()
    {
        var queue = SpoolQueue.Open(_dir.Path);
        await queue.EnqueueAsync(Spec("r"), TestContext.Current.CancellationToken);
        var first = (await queue.TryLeaseAsync(TestContext.Current.CancellationToken))!;
        await queue.ReleaseAsync(first, "flaky", countAttempt: true, TestContext.Current.CancellationToken);
        var second = (await queue.TryLeaseAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(2, second.Attempt);
        await queue.ReleaseAsync(second, "cancelled", countAttempt: false, TestContext.Current.CancellationToken);
        var third = (await queue.TryLeaseAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(2, third.Attempt);
    }

    [Fact]
    public async Task DeadLetter_RecordsReason_AndNewEnqueueClearsIt()
    {
        var queue = SpoolQueue.Open(_dir.Path);
        var spec = Spec("bad");
        await queue.EnqueueAsync(spec, TestContext.Current.CancellationToken);
        var lease = (await queue.TryLeaseAsync(TestContext.Current.CancellationToken))!;
        await queue.DeadLetterAsync(lease, "file truncated at offset 42", TestContext.Current.CancellationToken);

        Assert.Equal((0, 0, 1), queue.Count());
        Assert.Equal("file truncated at offset 42", queue.DeadLetters()[spec.Name]);
        await queue.EnqueueAsync(spec, TestContext.Current.CancellationToken);
        Assert.Equal((1, 0, 0), queue.Count());
    }

    [Fact]
    public async Task Open_LeaseOfDeadProcess_ReturnsToPendingWithoutCountingAttempt()
    {
        var deadOwner = await DeadOwnerAsync();
        var crashed = SpoolQueue.Open(_dir.Path, deadOwner);
        await crashed.EnqueueAsync(Spec("crash"), TestContext.Current.CancellationToken);
        await crashed.EnqueueAsync(Spec("other"), TestContext.Current.CancellationToken);
        var held = await crashed.TryLeaseAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(held);
        Assert.Contains(Files("leased"), f => f.Contains($"@{deadOwner.Tag}"));

        var recovered = SpoolQueue.Open(_dir.Path);
        Assert.Equal(1, recovered.RecoveredLeases);
        Assert.Equal((2, 0, 0), recovered.Count());
        var names = new List<(string, int)>();
        while (await recovered.TryLeaseAsync(TestContext.Current.CancellationToken) is { } lease) names.Add((lease.Spec.Observation, lease.Attempt));
        Assert.Equal([("crash", 1), ("other", 1)], names.OrderBy(n => n.Item1));
    }

    [Fact]
    public async Task Open_LeaseOfReusedProcessId_IsRecovered()
    {
        // Same PID as a live process (this one) but another start time: the original owner is gone.
        var impostor = LeaseOwner.Current with { StartedUnixMs = LeaseOwner.Current.StartedUnixMs - 3_600_000 };
        Assert.False(impostor.IsAlive());
        var crashed = SpoolQueue.Open(_dir.Path, impostor);
        await crashed.EnqueueAsync(Spec("reuse"), TestContext.Current.CancellationToken);
        Assert.NotNull(await crashed.TryLeaseAsync(TestContext.Current.CancellationToken));

        Assert.Equal(1, SpoolQueue.Open(_dir.Path).RecoveredLeases);
    }

    [Fact]
    public async Task Open_LeaseOfLiveProcess_IsLeftAlone()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            var live = SpoolQueue.Open(_dir.Path, LeaseOwner.ForProcess(sleeper));
            await live.EnqueueAsync(Spec("busy"), TestContext.Current.CancellationToken);
            Assert.NotNull(await live.TryLeaseAsync(TestContext.Current.CancellationToken));

            var other = SpoolQueue.Open(_dir.Path);
            Assert.Equal(0, other.RecoveredLeases);
            Assert.Equal((0, 1, 0), other.Count());
            Assert.Null(await other.TryLeaseAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(1, SpoolQueue.Open(_dir.Path).RecoveredLeases);
    }

    [Fact]
    public async Task Open_OrphanTempFileOfDeadProcess_IsDeleted_LiveOnesKept()
    {
        var deadOwner = await DeadOwnerAsync();
        SpoolQueue.Open(_dir.Path);
        var orphan = Path.Combine(_dir.Path, "tmp", $"abc@{deadOwner.Tag}.tmp");
        var mine = Path.Combine(_dir.Path, "tmp", $"def@{LeaseOwner.Current.Tag}.tmp");
        File.WriteAllText(orphan, "{ half");
        File.WriteAllText(mine, "{ half");
        SpoolQueue.Open(_dir.Path);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(mine));
    }

    [Fact]
    public async Task TryLease_CorruptItem_IsDeadLetteredAndSkipped()
    {
        var queue = SpoolQueue.Open(_dir.Path);
        var good = Spec("good");
        await queue.EnqueueAsync(good, TestContext.Current.CancellationToken);
        File.WriteAllText(Path.Combine(_dir.Path, "pending", "corrupt-x-0123456789~0.json"), "{ not json");
        File.SetLastWriteTimeUtc(Path.Combine(_dir.Path, "pending", "corrupt-x-0123456789~0.json"), DateTime.UtcNow.AddHours(-1));

        var lease = await queue.TryLeaseAsync(TestContext.Current.CancellationToken);
        Assert.Equal(good.Name, lease?.Spec.Name);
        Assert.Contains("not a valid search", queue.DeadLetters()["corrupt-x-0123456789"]);
    }

    [Fact]
    public async Task TryLease_TwoOwnersRacing_EachItemLeasedExactlyOnce()
    {
        var setup = SpoolQueue.Open(_dir.Path);
        for (var i = 0; i < 200; i++) await setup.EnqueueAsync(Spec($"race-{i}"), TestContext.Current.CancellationToken);

        // Two queue instances with different owner tags, as two processes would have.
        var a = SpoolQueue.Open(_dir.Path);
        var b = SpoolQueue.Open(_dir.Path, LeaseOwner.Current with { StartedUnixMs = LeaseOwner.Current.StartedUnixMs + 1 });
        async Task<List<string>> Drain(SpoolQueue q)
        {
            var got = new List<string>();
            while (await q.TryLeaseAsync(TestContext.Current.CancellationToken) is { } lease) got.Add(lease.Spec.Observation);
            return got;
        }
        var results = await Task.WhenAll(Task.Run(() => Drain(a)), Task.Run(() => Drain(b)));
        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    // The identity of a process that existed and is gone, as a crashed `reservoir local` would be.
    private static async Task<LeaseOwner> DeadOwnerAsync()
    {
        using var p = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        var owner = LeaseOwner.ForProcess(p);
        Assert.True(owner.IsAlive());
        p.Kill();
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.False(owner.IsAlive());
        return owner;
    }
}
