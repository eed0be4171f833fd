using Microsoft.Extensions.Logging;
using Reservoir.Core.Requests;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Subscribing;

namespace Reservoir.Operator.Intake;

/// <summary>
/// Pulls trigger messages and turns each into Search resources. A message is acknowledged only once every
/// Search it asks for exists (created now, or already there: names are deterministic, so duplicates are
/// harmless). Terminal failures (bad body, bad ID, unknown algorithm, a Search the API server rejects as invalid)
/// go to the dead-letter topic with attribute <c>reason</c> and are then acknowledged. Transient failures (API
/// 429/5xx/timeouts, a failed dead-letter publish) leave the message unacknowledged with a short ack deadline, so
/// Pub/Sub redelivers it. The lease of a message is extended while it is worked on.
/// Flow control: at most <see cref="SubscriberOptions.MaxOutstandingMessages"/> unacknowledged messages (the
/// subscriber's bound) and <see cref="SearchIntakeOptions.Concurrency"/> handled at once.
/// </summary>
public sealed class SearchIntake
{
    private readonly ISubscriber _subscriber;
    private readonly MessageHandler _handler;
    private readonly SearchIntakeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IIntakeObserver? _observer;
    private long _lastProgressTicks;

    public SearchIntake(
        ISubscriber subscriber,
        IPublisher deadLetter,
        SearchClient searches,
        IAlgorithmRegistry registry,
        RequestParser parser,
        SearchIntakeOptions options,
        ILogger logger,
        IIntakeObserver? observer = null,
        TimeProvider? time = null)
    {
        options.Validate();
        _subscriber = subscriber;
        _options = options;
        _logger = logger;
        _observer = observer;
        _time = time ?? TimeProvider.System;
        _handler = new MessageHandler(subscriber, deadLetter, searches, registry, parser, options, logger, observer, _time);
        MarkProgress();
    }

    /// <summary>When the pull loop last went round (a heartbeat for /healthz).</summary>
    public DateTimeOffset LastProgress => new(Interlocked.Read(ref _lastProgressTicks), TimeSpan.Zero);

    /// <summary>
    /// Pulls and handles messages until <paramref name="cancellationToken"/> is cancelled, then hands back (nacks)
    /// the messages still in flight so another replica gets them at once, and returns without throwing.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(_options.Concurrency);
        var inFlight = new HashSet<Task>();
        var backoff = _options.PollInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                MarkProgress();
                IReadOnlyList<ReceivedMessage> batch;
                try
                {
                    batch = await _subscriber.PullAsync(_options.MaxMessagesPerPull, cancellationToken);
                    backoff = _options.PollInterval;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning(e, "Pull from {Subscription} failed; retrying in {Backoff}", _subscriber.Subscription, backoff);
                    await Task.Delay(backoff, _time, cancellationToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxPullBackoff.Ticks));
                    continue;
                }
                _observer?.Pulled(batch.Count);

                // Leases start at once: a message waiting for a free slot must not reach its ack deadline.
                var leases = batch.Select(m => _subscriber.StartLease([m.AckId])).ToList();
                for (var i = 0; i < batch.Count; i++)
                {
                    await slots.WaitAsync(CancellationToken.None); // a pulled message is always started
                    var task = HandleAsync(batch[i], leases[i], slots, cancellationToken);
                    lock (inFlight) inFlight.Add(task);
                    _ = task.ContinueWith(t => { lock (inFlight) inFlight.Remove(t); }, TaskScheduler.Default);
                }
                if (batch.Count < _options.MaxMessagesPerPull) await Task.Delay(_options.PollInterval, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }

        Task[] remaining;
        lock (inFlight) remaining = [.. inFlight];
        await Task.WhenAll(remaining);
    }

    private async Task HandleAsync(ReceivedMessage message, MessageLease lease, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await _handler.HandleAsync(message, lease, cancellationToken);
        }
        catch (Exception e)
        {
            // The handler settles every outcome itself; anything here is a bug, never a reason to stop the loop.
            _logger.LogError(e, "Message {MessageId}: unexpected failure; left for redelivery", message.MessageId);
        }
        finally
        {
            slots.Release();
        }
    }

    private void MarkProgress() => Interlocked.Exchange(ref _lastProgressTicks, _time.GetUtcNow().UtcTicks);
}
