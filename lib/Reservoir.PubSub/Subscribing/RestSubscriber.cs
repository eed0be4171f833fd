using System.Globalization;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Transport;

namespace Reservoir.PubSub.Subscribing;

/// <summary>subscriptions.pull / acknowledge / modifyAckDeadline, with the outstanding-message bound kept here.</summary>
internal sealed class RestSubscriber(PubSubRestClient rest, SubscriptionName subscription, SubscriberOptions options, TimeProvider time) : ISubscriber
{
    /// <summary>Ack IDs per acknowledge/modifyAckDeadline request (keeps the request well under the size limit).</summary>
    internal const int AckIdsPerRequest = 1000;

    private readonly HashSet<string> _outstanding = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SubscriptionName Subscription => subscription;

    public int Outstanding
    {
        get { lock (_gate) return _outstanding.Count; }
    }

    public async Task<IReadOnlyList<ReceivedMessage>> PullAsync(int maxMessages, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        int room;
        lock (_gate) room = Math.Min(maxMessages, options.MaxOutstandingMessages - _outstanding.Count);
        if (room <= 0) return [];
        WirePullResponse response;
        if (options.WaitForMessages)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(options.PullWait);
            try
            {
                response = await rest.SendAsync<WirePullResponse>(
                    HttpMethod.Post, subscription.Path + ":pull", new WirePullRequest(room, null), "pull", subscription.Path, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return [];
            }
        }
        else
        {
            response = await rest.SendAsync<WirePullResponse>(
                HttpMethod.Post, subscription.Path + ":pull", new WirePullRequest(room, true), "pull", subscription.Path, cancellationToken);
        }
        var messages = (response.ReceivedMessages ?? []).Select(Read).ToList();
        lock (_gate)
            foreach (var m in messages)
                _outstanding.Add(m.AckId);
        return messages;
    }

    public async Task AcknowledgeAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in ackIds.Chunk(AckIdsPerRequest))
            await rest.SendAsync<WireEmpty>(
                HttpMethod.Post, subscription.Path + ":acknowledge", new WireAcknowledgeRequest(chunk), "acknowledge", subscription.Path, cancellationToken);
        Release(ackIds);
    }

    public async Task ModifyAckDeadlineAsync(IReadOnlyCollection<string> ackIds, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        var seconds = (int)Math.Ceiling(deadline.TotalSeconds);
        if (seconds is < 0 or > 600) throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "ack deadline must be 0 to 600 s");
        foreach (var chunk in ackIds.Chunk(AckIdsPerRequest))
            await rest.SendAsync<WireEmpty>(
                HttpMethod.Post, subscription.Path + ":modifyAckDeadline", new WireModifyAckDeadlineRequest(chunk, seconds),
                $"modifyAckDeadline to {seconds} s", subscription.Path, cancellationToken);
        if (seconds == 0) Release(ackIds);
    }

    public Task NackAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken = default) =>
        ModifyAckDeadlineAsync(ackIds, TimeSpan.Zero, cancellationToken);

    public MessageLease StartLease(IReadOnlyCollection<string> ackIds)
    {
        var ids = ackIds.ToArray();
        return new MessageLease(ct => ModifyAckDeadlineAsync(ids, options.LeaseExtension, ct), options.LeaseRenewInterval, time);
    }

    private void Release(IEnumerable<string> ackIds)
    {
        lock (_gate)
            foreach (var id in ackIds)
                _outstanding.Remove(id);
    }

    private static ReceivedMessage Read(WireReceivedMessage r) => new(
        r.AckId,
        r.Message.MessageId ?? "",
        string.IsNullOrEmpty(r.Message.Data) ? [] : Convert.FromBase64String(r.Message.Data),
        r.Message.Attributes ?? new Dictionary<string, string>(),
        string.IsNullOrEmpty(r.Message.OrderingKey) ? null : r.Message.OrderingKey,
        DateTimeOffset.TryParse(r.Message.PublishTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null,
        r.DeliveryAttempt);
}
