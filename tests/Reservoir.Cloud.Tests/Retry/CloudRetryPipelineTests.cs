using System.Net;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;
using Xunit;

namespace Reservoir.Cloud.Tests.Retry;

/// <summary>Which failures <see cref="CloudRetryPipeline"/> retries, how often, and how long it waits between attempts.</summary>
public sealed class CloudRetryPipelineTests
{
    private static readonly CloudRetryOptions NoWait = new() { MaxAttempts = 4, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Failure(bool transient, TimeSpan? retryAfter = null) : Exception("scripted"), ICloudFailure
    {
        public bool IsTransient => transient;
        public TimeSpan? RetryAfter => retryAfter;
    }

    /// <summary>Fails with the scripted exceptions in order, then answers 42.</summary>
    private static Func<CancellationToken, Task<int>> Script(List<int> attempts, params Exception[] failures) => _ =>
    {
        attempts.Add(attempts.Count + 1);
        return attempts.Count <= failures.Length ? Task.FromException<int>(failures[attempts.Count - 1]) : Task.FromResult(42);
    };

    public static TheoryData<string> TransientKinds => ["status", "connection", "socket", "cut-off body", "attempt timeout"];

    private static Exception Transient(string kind) => kind switch
    {
        "status" => new Failure(true),
        "connection" => new HttpRequestException("connection refused"),
        "socket" => new System.Net.Sockets.SocketException(104),
        "cut-off body" => new IOException("response ended early"),
        _ => new TimeoutRejectedException(),
    };

    [Theory]
    [MemberData(nameof(TransientKinds))]
    public async Task Execute_TransientFailures_RetriedUntilSuccess(string kind)
    {
        var attempts = new List<int>();

        var result = await CloudRetryPipeline.Create(NoWait).ExecuteAsync(Script(attempts, Transient(kind), Transient(kind)), Ct);

        Assert.Equal(42, result);
        Assert.Equal(3, attempts.Count);
    }

    [Fact]
    public async Task Execute_PermanentFailure_NotRetried()
    {
        var attempts = new List<int>();
        var failure = new Failure(false);

        var thrown = await Assert.ThrowsAsync<Failure>(() => CloudRetryPipeline.Create(NoWait).ExecuteAsync(Script(attempts, failure), Ct));

        Assert.Same(failure, thrown);
        Assert.Single(attempts);
    }

    [Fact]
    public async Task Execute_AlwaysTransient_StopsAtMaxAttemptsWithLastFailure()
    {
        var attempts = new List<int>();
        var failures = Enumerable.Range(0, 10).Select(_ => (Exception)new Failure(true)).ToArray();

        var thrown = await Assert.ThrowsAsync<Failure>(() => CloudRetryPipeline.Create(NoWait).ExecuteAsync(Script(attempts, failures), Ct));

        Assert.Equal(4, attempts.Count);
        Assert.Same(failures[3], thrown);
    }

    [Fact]
    public async Task Execute_CallerCancels_NotRetried()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var attempts = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CloudRetryPipeline.Create(NoWait).ExecuteAsync<int>(async ct =>
        {
            attempts++;
            await cts.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return 1;
        }, cts.Token));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Execute_AttemptHangs_TimedOutAndRetried()
    {
        var options = NoWait with { AttemptTimeout = TimeSpan.FromMilliseconds(100) };
        var attempts = 0;

        var result = await CloudRetryPipeline.Create(options).ExecuteAsync(async ct =>
        {
            if (++attempts == 1) await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 7;
        }, Ct);

        Assert.Equal(7, result);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Execute_DeadlinePassedDuringAttempt_NoFurtherAttempt()
    {
        var time = new FakeTimeProvider();
        var options = new CloudRetryOptions { MaxAttempts = 10, TotalDeadline = TimeSpan.FromMinutes(1) };
        var attempts = 0;
        var failure = new Failure(true);

        var thrown = await Assert.ThrowsAsync<Failure>(() => CloudRetryPipeline.Create(options, time).ExecuteAsync<int>(_ =>
        {
            attempts++;
            time.Advance(TimeSpan.FromMinutes(2)); // this attempt took longer than the whole deadline
            throw failure;
        }, Ct));

        Assert.Same(failure, thrown);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Execute_WithFakeClock_WaitsBackoffBeforeRetrying()
    {
        var time = new FakeTimeProvider();
        var options = new CloudRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(10) };
        var attempts = new List<int>();
        var run = CloudRetryPipeline.Create(options, time).ExecuteAsync(Script(attempts, new Failure(true)), Ct);

        await WaitUntilAsync(() => attempts.Count == 1);
        time.Advance(TimeSpan.FromSeconds(4)); // below the shortest possible backoff (half of 10 s)
        await Task.Delay(50, Ct);
        Assert.Single(attempts);
        time.Advance(TimeSpan.FromSeconds(7)); // past the longest (10 s)

        Assert.Equal(42, await run);
        Assert.Equal(2, attempts.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(100, Ct);
        Assert.True(condition());
    }

    [Fact]
    public void Delay_GrowsExponentiallyWithJitterUpToTheCap()
    {
        var options = new CloudRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        var high = CloudRetryPipeline.Create(options, null, () => 1.0);
        var low = CloudRetryPipeline.Create(options, null, () => 0.0);
        var plenty = TimeSpan.FromHours(1);

        Assert.Equal(TimeSpan.FromMilliseconds(100), high.DelayBefore(0, null, plenty));
        Assert.Equal(TimeSpan.FromMilliseconds(400), high.DelayBefore(2, null, plenty));
        Assert.Equal(TimeSpan.FromMilliseconds(200), low.DelayBefore(2, null, plenty));
        Assert.Equal(TimeSpan.FromSeconds(1), high.DelayBefore(10, null, plenty));
        Assert.Equal(TimeSpan.FromSeconds(1), high.DelayBefore(1000, null, plenty));
    }

    [Fact]
    public void Delay_RetryAfter_HonouredUpToMaxRetryAfter()
    {
        var pipeline = CloudRetryPipeline.Create(new CloudRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(20) }, null, () => 0.5);
        var plenty = TimeSpan.FromHours(1);

        Assert.Equal(TimeSpan.FromSeconds(7), pipeline.DelayBefore(0, new Failure(true, TimeSpan.FromSeconds(7)), plenty));
        Assert.Equal(TimeSpan.FromSeconds(20), pipeline.DelayBefore(0, new Failure(true, TimeSpan.FromMinutes(5)), plenty));
    }

    [Fact]
    public void Delay_NeverRunsPastTheDeadline()
    {
        var pipeline = CloudRetryPipeline.Create(new CloudRetryOptions(), null, () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(3), pipeline.DelayBefore(0, new Failure(true, TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.Zero, pipeline.DelayBefore(5, null, TimeSpan.FromSeconds(-1)));
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(412, false)]
    public void TransientStatus_OnlyTimeoutsThrottlingAndServerErrors(int status, bool transient) =>
        Assert.Equal(transient, TransientHttp.IsTransientStatus((HttpStatusCode)status));

    [Fact]
    public void RetryAfter_SecondsFractionsAndDates()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "3");
        using var fraction = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        fraction.Headers.TryAddWithoutValidation("Retry-After", "1.5");
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", "Tue, 01 Dec 2026 12:00:10 GMT");
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(3), TransientHttp.RetryAfterOf(seconds, time));
        Assert.Equal(TimeSpan.FromSeconds(1.5), TransientHttp.RetryAfterOf(fraction, time));
        Assert.Equal(TimeSpan.FromSeconds(10), TransientHttp.RetryAfterOf(date, time));
        Assert.Null(TransientHttp.RetryAfterOf(none, time));
    }

    [Theory]
    [InlineData("MaxAttempts")]
    [InlineData("BaseDelay")]
    [InlineData("AttemptTimeout")]
    [InlineData("TotalDeadline")]
    public void Create_OptionOutOfRange_ErrorNamesIt(string field)
    {
        var options = field switch
        {
            "MaxAttempts" => new CloudRetryOptions { MaxAttempts = 0 },
            "BaseDelay" => new CloudRetryOptions { BaseDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromSeconds(1) },
            "AttemptTimeout" => new CloudRetryOptions { AttemptTimeout = TimeSpan.Zero },
            _ => new CloudRetryOptions { TotalDeadline = TimeSpan.FromSeconds(-1) },
        };

        var e = Assert.Throws<ArgumentException>(() => CloudRetryPipeline.Create(options));

        Assert.Contains(field, e.Message);
    }
}
