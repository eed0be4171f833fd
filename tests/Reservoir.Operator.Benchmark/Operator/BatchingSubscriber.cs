using Reservoir.PubSub.Names;
using Reservoir.PubSub.Subscribing;

namespace Reservoir.Operator.Benchmark.Operator;

/// <summary>
/// Experiment (stand-in only): single-message acknowledgements are coalesced, one acknowledge request in flight at
/// a time, carrying every ack ID that queued while the previous one was in flight. No added delay when idle; under
/// load one request per round trip instead of one per message. Each caller's task completes when the request
/// carrying its ID succeeded (or fails with that request's error), so "ack only after the Search exists" holds.
/// </summary>
public sealed class BatchingSubscriber(ISubscriber inner) : ISubscriber
{
    private readonly Lock _gate = new();
    private List<(string Id, TaskCompletionSource Done)> _pending = [];
    private bool _sending;

    public SubscriptionName Subscription => inner.Subscription;
    public int Outstanding => inner.Outstanding;

    public Task<IReadOnlyList<ReceivedMessage>> PullAsync(int maxMessages, CancellationToken cancellationToken = default) =>
        inner.PullAsync(maxMessages, cancellationToken);

    public Task AcknowledgeAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken = default)
    {
        if (ackIds.Count != 1) return inner.AcknowledgeAsync(ackIds, cancellationToken);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _pending.Add((ackIds.First(), done));
            start = !_sending;
            _sending = true;
        }
        if (start) _ = Task.Run(SendAsync, CancellationToken.None);
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task SendAsync()
    {
        while (true)
        {
            List<(string Id, TaskCompletionSource Done)> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _sending = false;
                    return;
                }
                batch = _pending;
                _pending = [];
            }
            try
            {
                await inner.AcknowledgeAsync(batch.Select(b => b.Id).ToList(), CancellationToken.None);
                foreach (var b in batch) b.Done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var b in batch) b.Done.TrySetException(e);
            }
        }
    }

    public Task ModifyAckDeadlineAsync(IReadOnlyCollection<string> ackIds, TimeSpan deadline, CancellationToken cancellationToken = default) =>
        inner.ModifyAckDeadlineAsync(ackIds, deadline, cancellationToken);

    public Task NackAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken = default) =>
        inner.NackAsync(ackIds, cancellationToken);

    public MessageLease StartLease(IReadOnlyCollection<string> ackIds) => inner.StartLease(ackIds);
}
