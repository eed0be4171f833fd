using Reservoir.PubSub.Names;

namespace Reservoir.PubSub.Subscribing;

/// <summary>
/// Pulls from one subscription. Every pulled message must end in <see cref="AcknowledgeAsync"/> (done) or
/// <see cref="NackAsync"/> (redeliver now); until then it counts against
/// <see cref="SubscriberOptions.MaxOutstandingMessages"/>. Thread-safe.
/// </summary>
public interface ISubscriber
{
    SubscriptionName Subscription { get; }

    /// <summary>Messages pulled and not yet acknowledged or nacked.</summary>
    int Outstanding { get; }

    /// <summary>
    /// One pull of up to <paramref name="maxMessages"/>, fewer when the outstanding bound leaves less room
    /// (none when it is full: the call returns an empty list without asking the server). May return none; with
    /// <see cref="SubscriberOptions.WaitForMessages"/> the server may first hold it up to <see cref="SubscriberOptions.PullWait"/>.
    /// </summary>
    Task<IReadOnlyList<ReceivedMessage>> PullAsync(int maxMessages, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges: the messages are done and will not be redelivered.</summary>
    Task AcknowledgeAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken = default);

    /// <summary>Sets the ack deadline of the messages to <paramref name="deadline"/> from now (0 to 600 s).</summary>
    Task ModifyAckDeadlineAsync(IReadOnlyCollection<string> ackIds, TimeSpan deadline, CancellationToken cancellationToken = default);

    /// <summary>Gives the messages back for redelivery at once (deadline 0) and stops counting them.</summary>
    Task NackAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps extending the deadline of <paramref name="ackIds"/> every <see cref="SubscriberOptions.LeaseRenewInterval"/>
    /// while work is in flight; dispose the lease (before acking) to stop. A failed renewal is kept in
    /// <see cref="MessageLease.LastError"/> and retried at the next interval.
    /// </summary>
    MessageLease StartLease(IReadOnlyCollection<string> ackIds);
}
