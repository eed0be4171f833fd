namespace Reservoir.PubSub.Subscribing;

/// <summary>
/// Renews the ack deadline of some messages on a timer until disposed. Renewal runs in the background; dispose
/// waits for a renewal in progress, so no renewal follows an ack made after disposal.
/// </summary>
public sealed class MessageLease : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _renewals;

    internal MessageLease(Func<CancellationToken, Task> renew, TimeSpan interval, TimeProvider time)
    {
        _loop = RunAsync(renew, interval, time);
    }

    /// <summary>Successful renewals so far.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>The last renewal's failure, null after a success.</summary>
    public Exception? LastError { get; private set; }

    private async Task RunAsync(Func<CancellationToken, Task> renew, TimeSpan interval, TimeProvider time)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await renew(_stop.Token);
                    Interlocked.Increment(ref _renewals);
                    LastError = null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LastError = e;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
