using Reservoir.Core.Dispatch;
using Reservoir.Core.Execution;
using Reservoir.Core.Queue;
using Reservoir.Core.Requests;
using Reservoir.Core.Results;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Core.Tests.Dispatch;

public sealed class SearchDispatcherTests : IDisposable
{
    private readonly TempDirectory _dir = new("dispatch-test");
    private readonly SpoolQueue _queue;
    private readonly LocalResultStore _results;
    private readonly List<DispatchEvent> _events = [];

    public SearchDispatcherTests()
    {
        _queue = SpoolQueue.Open(_dir.File("spool"));
        _results = new LocalResultStore(_dir.File("results"));
    }

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<SearchSpec>> EnqueueAsync(params string[] observations)
    {
        var specs = observations.Select(o => SearchSpec.Create(o, $"/in/{o}.h5", "energy-detection")).ToList();
        foreach (var s in specs) await _queue.EnqueueAsync(s, Ct);
        return specs;
    }

    private FakeExecutor Executor(Func<SearchSpec, int, CancellationToken, Task<SearchOutcome>> behaviour) => new(_results.Root, behaviour);

    private Task<DispatchSummary> RunAsync(ISearchExecutor executor, DispatcherOptions? options = null, CancellationToken? ct = null) =>
        new SearchDispatcher(_queue, executor, _results, options ?? new DispatcherOptions { MaxConcurrency = 2 })
            .RunUntilEmptyAsync(_events.Add, ct ?? Ct);

    [Fact]
    public async Task Run_AllSucceed_AcksEachAndSumsHits()
    {
        await EnqueueAsync("a", "b", "c");
        var executor = Executor((s, _, _) => Task.FromResult(FakeExecutor.Ok(s.Observation[0] - 'a' + 1)));

        var summary = await RunAsync(executor);

        Assert.Equal((3, 3, 0, 0, 0, 6L, false), (summary.Observations, summary.Succeeded, summary.Skipped, summary.Failed, summary.Retries, summary.Hits, summary.Cancelled));
        Assert.Equal((0, 0, 0), _queue.Count());
        Assert.Equal(3, _events.OfType<DispatchEvent.Started>().Count());
        Assert.Equal(3, _events.OfType<DispatchEvent.Succeeded>().Count());
    }

    [Fact]
    public async Task Run_RetryableFailureOnce_RetriesAndSucceeds()
    {
        await EnqueueAsync("flaky", "fine");
        var executor = Executor((s, attempt, _) => Task.FromResult(s.Observation == "flaky" && attempt == 1
            ? new SearchOutcome.RetryableFailure("network blip", TimeSpan.Zero)
            : FakeExecutor.Ok(1)));

        var summary = await RunAsync(executor);

        Assert.Equal((2, 0, 1), (summary.Succeeded, summary.Failed, summary.Retries));
        Assert.Equal([1, 2], executor.Calls.Where(c => c.Observation == "flaky").Select(c => c.Attempt));
        var retry = Assert.Single(_events.OfType<DispatchEvent.Retrying>());
        Assert.Equal(("network blip", 1), (retry.Reason, retry.Attempt));
        Assert.Equal((0, 0, 0), _queue.Count());
    }

    [Fact]
    public async Task Run_RetryableFailureEveryTime_GivesUpAfterMaxAttemptsAndDeadLetters()
    {
        var spec = (await EnqueueAsync("doomed")).Single();
        var executor = Executor((_, _, _) => Task.FromResult<SearchOutcome>(new SearchOutcome.RetryableFailure("exit 1: out of memory", TimeSpan.Zero)));

        var summary = await RunAsync(executor, new DispatcherOptions { MaxAttempts = 3, MaxConcurrency = 1 });

        Assert.Equal([1, 2, 3], executor.Calls.Select(c => c.Attempt));
        Assert.Equal((0, 1, 2), (summary.Succeeded, summary.Failed, summary.Retries));
        Assert.Contains("gave up after 3 attempts: exit 1: out of memory", summary.Failures[spec.Name]);
        Assert.False(Assert.Single(_events.OfType<DispatchEvent.Failed>()).Terminal);
        Assert.Equal((0, 0, 1), _queue.Count());
        Assert.Contains("out of memory", _queue.DeadLetters()[spec.Name]);
    }

    [Fact]
    public async Task Run_TerminalFailure_DeadLettersWithoutRetry()
    {
        var spec = (await EnqueueAsync("corrupt")).Single();
        var executor = Executor((_, _, _) => Task.FromResult<SearchOutcome>(new SearchOutcome.TerminalFailure("truncated at offset 4096", TimeSpan.Zero)));

        var summary = await RunAsync(executor);

        Assert.Single(executor.Calls);
        Assert.Equal((1, 0), (summary.Failed, summary.Retries));
        Assert.True(Assert.Single(_events.OfType<DispatchEvent.Failed>()).Terminal);
        Assert.Equal("truncated at offset 4096", _queue.DeadLetters()[spec.Name]);
    }

    [Fact]
    public async Task Run_ExecutorThrows_CountsAsRetryable()
    {
        await EnqueueAsync("boom");
        var executor = Executor((_, attempt, _) => attempt == 1 ? throw new IOException("disk hiccup") : Task.FromResult(FakeExecutor.Ok(0)));

        var summary = await RunAsync(executor);

        Assert.Equal((1, 1), (summary.Succeeded, summary.Retries));
        Assert.Contains("disk hiccup", Assert.Single(_events.OfType<DispatchEvent.Retrying>()).Reason);
    }

    [Fact]
    public async Task Run_ResultAlreadyComplete_SkipsWithoutExecuting_ForceRunsAgain()
    {
        var spec = (await EnqueueAsync("done")).Single();
        var folder = _results.Locate(spec);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "filtered.npy"), "old");
        File.WriteAllText(Path.Combine(folder, "manifest.json"), """{"hits": 7}""");
        var seenOldFiles = new List<bool>();
        var executor = Executor((s, _, _) =>
        {
            seenOldFiles.Add(Directory.Exists(folder));
            return Task.FromResult(FakeExecutor.Ok(9));
        });

        var skipped = await RunAsync(executor);
        Assert.Empty(executor.Calls);
        Assert.Equal((1, 0, 7L), (skipped.Skipped, skipped.Succeeded, skipped.Hits));
        Assert.Equal(7, Assert.Single(_events.OfType<DispatchEvent.Skipped>()).Result.Hits);

        await _queue.EnqueueAsync(spec, Ct);
        var forced = await RunAsync(executor, new DispatcherOptions { Force = true });
        Assert.Equal((0, 1, 9L), (forced.Skipped, forced.Succeeded, forced.Hits));
        Assert.Equal([false], seenOldFiles); // the old result was removed before the forced run started
    }

    [Fact]
    public async Task Run_PartialResultWithoutManifest_IsClearedBeforeRunning()
    {
        var spec = (await EnqueueAsync("partial")).Single();
        var folder = _results.Locate(spec);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "filtered.npy.tmp"), "half");
        var sawLeftover = false;
        var executor = Executor((_, _, _) =>
        {
            sawLeftover = File.Exists(Path.Combine(folder, "filtered.npy.tmp"));
            return Task.FromResult(FakeExecutor.Ok(1));
        });

        await RunAsync(executor);

        Assert.False(sawLeftover);
        Assert.Single(executor.Calls);
    }

    [Fact]
    public async Task Run_ManySearches_NeverExceedsMaxConcurrency()
    {
        await EnqueueAsync(Enumerable.Range(0, 12).Select(i => $"c{i}").ToArray());
        var executor = Executor(async (_, _, ct) =>
        {
            await Task.Delay(40, ct);
            return FakeExecutor.Ok(1);
        });

        var summary = await RunAsync(executor, new DispatcherOptions { MaxConcurrency = 3 });

        Assert.Equal(12, summary.Succeeded);
        Assert.Equal(3, executor.Peak);
    }

    [Fact]
    public async Task Run_Cancelled_ReturnsRunningSearchesToQueueWithoutUsingAnAttempt()
    {
        await EnqueueAsync("slow1", "slow2", "slow3");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = 0;
        var executor = Executor(async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref started) == 2) cts.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
            return FakeExecutor.Ok(0);
        });

        var summary = await RunAsync(executor, new DispatcherOptions { MaxConcurrency = 2 }, cts.Token);

        Assert.True(summary.Cancelled);
        Assert.Equal((0, 0), (summary.Succeeded, summary.Failed));
        Assert.Equal((3, 0, 0), _queue.Count());
        var next = await _queue.TryLeaseAsync(Ct);
        Assert.Equal(1, next!.Attempt);
    }

    [Fact]
    public async Task Run_RunnerDiesOfTheSameInterrupt_RequeuedWithoutUsingAnAttempt()
    {
        await EnqueueAsync("sigint");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var executor = Executor((_, _, _) =>
        {
            cts.Cancel(); // Ctrl+C reaches the runner and us together; the runner's exit is seen as a failure
            return Task.FromResult<SearchOutcome>(new SearchOutcome.RetryableFailure("runner killed by signal 2", TimeSpan.Zero));
        });

        var summary = await RunAsync(executor, ct: cts.Token);

        Assert.True(summary.Cancelled);
        Assert.Equal(0, summary.Retries);
        Assert.Equal(1, (await _queue.TryLeaseAsync(Ct))!.Attempt);
    }

    [Fact]
    public void Options_Invalid_RejectedAtStartUp()
    {
        var executor = Executor((_, _, _) => Task.FromResult(FakeExecutor.Ok(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SearchDispatcher(_queue, executor, _results, new DispatcherOptions { MaxConcurrency = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SearchDispatcher(_queue, executor, _results, new DispatcherOptions { MaxAttempts = 0 }));
    }
}
