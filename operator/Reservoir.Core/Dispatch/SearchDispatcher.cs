using System.Collections.Concurrent;
using Reservoir.Core.Execution;
using Reservoir.Core.Queue;
using Reservoir.Core.Results;

namespace Reservoir.Core.Dispatch;

/// <summary>
/// The loop from queue to executor: lease a search, skip it when its result exists (unless
/// <see cref="DispatcherOptions.Force"/>), clear any partial result, execute with at most
/// <see cref="DispatcherOptions.MaxConcurrency"/> at once, then acknowledge (success), dead-letter
/// (terminal failure, or retryable failures until <see cref="DispatcherOptions.MaxAttempts"/>) or release
/// for another attempt. A lease is settled only after its outcome is known, so a crash anywhere leaves the
/// search in the queue to be recovered.
/// </summary>
public sealed class SearchDispatcher
{
    private readonly ISearchQueue _queue;
    private readonly ISearchExecutor _executor;
    private readonly IResultStore _results;
    private readonly DispatcherOptions _options;
    private readonly TimeProvider _time;

    public SearchDispatcher(ISearchQueue queue, ISearchExecutor executor, IResultStore results, DispatcherOptions? options = null, TimeProvider? time = null)
    {
        _queue = queue;
        _executor = executor;
        _results = results;
        _options = options ?? new DispatcherOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Works until the queue is empty and nothing is running (retries included), then returns what happened.
    /// When <paramref name="cancellationToken"/> fires, running searches are stopped, go back to the queue
    /// without using up an attempt, and the summary says <see cref="DispatchSummary.Cancelled"/>.
    /// <paramref name="onEvent"/> is called one event at a time.
    /// </summary>
    public async Task<DispatchSummary> RunUntilEmptyAsync(Action<DispatchEvent>? onEvent = null, CancellationToken cancellationToken = default)
    {
        var run = new RunState(onEvent, _time);
        var running = new HashSet<Task>();
        // Names being worked on; a task drops its name just before it settles the lease, so a released
        // search leased again at once is never mistaken for a duplicate.
        var inFlight = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? fault = null;

        while (true)
        {
            while (fault is null && !stop.IsCancellationRequested && running.Count < _options.MaxConcurrency)
            {
                var lease = await _queue.TryLeaseAsync(CancellationToken.None).ConfigureAwait(false);
                if (lease is null) break;
                if (!inFlight.TryAdd(lease.Spec.Name, 0))
                {
                    // The same search queued twice while one copy runs: the running copy settles it.
                    await _queue.AckAsync(lease, CancellationToken.None).ConfigureAwait(false);
                    continue;
                }
                running.Add(ProcessAsync(lease, run, () => inFlight.TryRemove(lease.Spec.Name, out _), stop.Token));
            }
            if (running.Count == 0) break;

            var finished = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(finished);
            try { await finished.ConfigureAwait(false); }
            catch (Exception e) when (fault is null)
            {
                // The queue or result store itself failed: stop cleanly and report it.
                fault = e;
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
        if (fault is not null) throw new InvalidOperationException($"dispatch stopped: {fault.Message}", fault);
        return run.Summary(cancellationToken.IsCancellationRequested);
    }

    private async Task ProcessAsync(SearchLease lease, RunState run, Action settling, CancellationToken cancellationToken)
    {
        await Task.Yield(); // start concurrently with the leasing loop
        var spec = lease.Spec;
        SearchOutcome outcome;
        try
        {
            if (!_options.Force && await _results.FindCompletedAsync(spec, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                settling();
                await _queue.AckAsync(lease, CancellationToken.None).ConfigureAwait(false);
                run.Skipped(spec, existing);
                return;
            }
            await _results.ClearAsync(spec, cancellationToken).ConfigureAwait(false);
            run.Emit(new DispatchEvent.Started(spec, lease.Attempt), spec);
            try { outcome = await _executor.ExecuteAsync(spec, lease.Attempt, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcome = new SearchOutcome.RetryableFailure($"executor failed: {e.Message}", TimeSpan.Zero);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            settling();
            await _queue.ReleaseAsync(lease, "cancelled", countAttempt: false, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        settling();
        switch (outcome)
        {
            case SearchOutcome.Succeeded ok:
                await _queue.AckAsync(lease, CancellationToken.None).ConfigureAwait(false);
                run.Succeeded(spec, lease.Attempt, ok);
                break;
            case SearchOutcome.TerminalFailure terminal:
                await _queue.DeadLetterAsync(lease, terminal.Reason, CancellationToken.None).ConfigureAwait(false);
                run.Failed(spec, lease.Attempt, terminal.Reason, terminal: true);
                break;
            case SearchOutcome.RetryableFailure when cancellationToken.IsCancellationRequested:
                // A runner that died of the same Ctrl+C that stopped us did not fail on its own.
                await _queue.ReleaseAsync(lease, "cancelled", countAttempt: false, CancellationToken.None).ConfigureAwait(false);
                break;
            case SearchOutcome.RetryableFailure retryable when lease.Attempt < _options.MaxAttempts:
                await _queue.ReleaseAsync(lease, retryable.Reason, countAttempt: true, CancellationToken.None).ConfigureAwait(false);
                run.Retrying(spec, lease.Attempt, retryable.Reason);
                break;
            case SearchOutcome.RetryableFailure retryable:
                var reason = $"gave up after {lease.Attempt} attempts: {retryable.Reason}";
                await _queue.DeadLetterAsync(lease, reason, CancellationToken.None).ConfigureAwait(false);
                run.Failed(spec, lease.Attempt, reason, terminal: false);
                break;
            default:
                throw new InvalidOperationException($"unknown outcome {outcome.GetType().Name} for search {spec.Name}");
        }
    }
}
