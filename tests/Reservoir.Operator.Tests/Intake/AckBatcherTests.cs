using Reservoir.Operator.Intake;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Subscribing;
using Xunit;

namespace Reservoir.Operator.Tests.Intake;

public sealed class AckBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AcknowledgeAsync_Idle_SendsAtOnceAlone()
    {
        var subscriber = new GatedSubscriber();
        var batcher = new AckBatcher(subscriber);

        await batcher.AcknowledgeAsync("a", TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal([["a"]], subscriber.Requests);
    }

    [Fact]
    public async Task AcknowledgeAsync_WhileARequestIsInFlight_QueuedIdsGoTogetherInTheNext()
    {
        var subscriber = new GatedSubscriber { Hold = true };
        var batcher = new AckBatcher(subscriber);
        var ct = TestContext.Current.CancellationToken;

        var first = batcher.AcknowledgeAsync("a", ct);
        await subscriber.FirstArrived.Task.WaitAsync(Patience, ct);
        var later = new[] { "b", "c", "d" }.Select(id => batcher.AcknowledgeAsync(id, ct)).ToList();
        Assert.False(first.IsCompleted); // not acknowledged before its request succeeded
        subscriber.Release();
        await Task.WhenAll(later.Append(first)).WaitAsync(Patience, ct);

        Assert.Equal([["a"], ["b", "c", "d"]], subscriber.Requests);
    }

    [Fact]
    public async Task AcknowledgeAsync_RequestFails_EveryCallerInItGetsTheError()
    {
        var subscriber = new GatedSubscriber { Hold = true, Failure = new IOException("emulator down") };
        var batcher = new AckBatcher(subscriber);
        var ct = TestContext.Current.CancellationToken;

        var first = batcher.AcknowledgeAsync("a", ct);
        await subscriber.FirstArrived.Task.WaitAsync(Patience, ct);
        var second = batcher.AcknowledgeAsync("b", ct);
        subscriber.Release();

        Assert.Equal("emulator down", (await Assert.ThrowsAsync<IOException>(() => first.WaitAsync(Patience, ct))).Message);
        Assert.Equal("emulator down", (await Assert.ThrowsAsync<IOException>(() => second.WaitAsync(Patience, ct))).Message);
    }

    /// <summary>Records acknowledge requests; with <see cref="Hold"/> each waits until <see cref="Release"/>.</summary>
    private sealed class GatedSubscriber : ISubscriber
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Hold { get; init; }
        public Exception? Failure { get; init; }
        public TaskCompletionSource FirstArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string[]> Requests { get; } = [];
        public SubscriptionName Subscription { get; } = new("p", "sub");
        public int Outstanding => 0;

        public void Release() => _gate.TrySetResult();

        public async Task AcknowledgeAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken = default)
        {
            lock (Requests) Requests.Add([.. ackIds]);
            FirstArrived.TrySetResult();
            if (Hold) await _gate.Task;
            if (Failure is not null) throw Failure;
        }

        public Task<IReadOnlyList<ReceivedMessage>> PullAsync(int maxMessages, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task ModifyAckDeadlineAsync(IReadOnlyCollection<string> ackIds, TimeSpan deadline, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task NackAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public MessageLease StartLease(IReadOnlyCollection<string> ackIds) => throw new NotSupportedException();
    }
}
