using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Reservoir.Operator.Leadership;

/// <summary>
/// Leader election over a coordination.k8s.io/v1 Lease (holderIdentity, leaseDurationSeconds, renewTime), in the
/// manner of client-go. <see cref="RunAsync"/> acquires the Lease, runs the leader's work with a token that is
/// cancelled the moment leadership may be lost (no successful renewal within <see cref="LeaderElectionOptions.RenewDeadline"/>,
/// or the Lease taken), and on shutdown releases the Lease so a standby takes over without waiting for expiry.
/// Expiry is judged by this replica's own clock from when it last saw the Lease change (never by comparing
/// clocks across machines), so two replicas never lead at once while their clocks run at the same rate.
/// </summary>
public sealed class LeaseLeaderElection
{
    private readonly LeaderElectionOptions _options;
    private readonly LeaseRecord _record;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private volatile Term? _term;
    private V1Lease? _lease;
    private string? _observedVersion;
    private DateTimeOffset _observedAt;
    private long _lastProgressTicks;

    public LeaseLeaderElection(IKubernetes kubernetes, LeaderElectionOptions options, ILogger logger, TimeProvider? time = null)
    {
        options.Validate();
        _options = options;
        _record = new LeaseRecord(kubernetes, options);
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _lastProgressTicks = _time.GetUtcNow().UtcTicks;
    }

    public string Identity => _options.Identity;

    /// <summary>True while this replica leads: it acquired or renewed the Lease less than RenewDeadline ago.</summary>
    public bool IsLeader => IsLeaderAt(_time.GetUtcNow());

    /// <summary>The holder last seen on the Lease (this replica or another), or null before the first read or after a release.</summary>
    public string? Leader { get; private set; }

    /// <summary>When the election loop last tried to acquire or renew (a heartbeat for /healthz).</summary>
    public DateTimeOffset LastProgress => new(Interlocked.Read(ref _lastProgressTicks), TimeSpan.Zero);

    /// <summary>Raised with true when this replica starts leading and with false when it stops.</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>Whether this replica led at <paramref name="now"/>; terms are half-open intervals [start, validUntil).</summary>
    internal bool IsLeaderAt(DateTimeOffset now) => _term is { } t && now >= t.Start && now < t.ValidUntil;

    /// <summary>
    /// Competes for the Lease until <paramref name="cancellationToken"/> is cancelled; each time this replica becomes
    /// leader it runs <paramref name="onLeading"/> with a token cancelled when leadership ends. Returns (without
    /// throwing) after the shutdown: the leader's work finished and the Lease released.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onLeading, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryHoldAsync(cancellationToken)) await LeadAsync(onLeading, cancellationToken);
            else await Delay(_options.RetryPeriod, cancellationToken);
        }
    }

    private async Task LeadAsync(Func<CancellationToken, Task> onLeading, CancellationToken cancellationToken)
    {
        _logger.LogInformation("{Identity} became leader (Lease {Namespace}/{Lease})", Identity, _options.Namespace, _options.LeaseName);
        LeadershipChanged?.Invoke(true);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Cancels the work when the term runs out, even while a renewal request hangs.
        using var expiry = _time.CreateTimer(_ => Cancel(work), null, Remaining(), Timeout.InfiniteTimeSpan);
        var task = Task.Run(() => onLeading(work.Token), CancellationToken.None);
        var lost = false;
        while (!work.IsCancellationRequested && !task.IsCompleted)
        {
            await Task.WhenAny(task, Delay(_options.RetryPeriod, work.Token));
            if (work.IsCancellationRequested || task.IsCompleted) break;
            using var attempt = new CancellationTokenSource(Remaining(), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, work.Token);
            try
            {
                if (await TryHoldAsync(linked.Token)) expiry.Change(Remaining(), Timeout.InfiniteTimeSpan);
                else if (Leader != Identity) lost = true;
            }
            catch (OperationCanceledException) { }
            if (lost || Remaining() == TimeSpan.Zero) break;
        }

        _term = null;
        Cancel(work);
        try { await task; }
        catch (OperationCanceledException) { }
        catch (Exception e) { _logger.LogError(e, "{Identity}: the leader's work failed", Identity); }
        _logger.LogWarning("{Identity} stopped leading ({Why})", Identity,
            cancellationToken.IsCancellationRequested ? "shutting down" : lost ? $"the Lease is held by {Leader}" : task.IsCompleted ? "the leader's work ended" : "renewal deadline passed");
        LeadershipChanged?.Invoke(false);
        if (!lost) await ReleaseAsync();
    }

    // Reads the Lease and, if it is free, expired, or ours, writes it as held by us. True when we hold it now.
    private async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        var before = _time.GetUtcNow();
        Interlocked.Exchange(ref _lastProgressTicks, before.UtcTicks);
        V1Lease? written;
        try
        {
            var lease = await _record.ReadAsync(cancellationToken);
            var now = _time.GetUtcNow();
            if (lease is null) written = await _record.CreateAsync(before, cancellationToken);
            else
            {
                Observe(lease, now);
                var holder = lease.Spec?.HolderIdentity;
                var duration = TimeSpan.FromSeconds(lease.Spec?.LeaseDurationSeconds ?? 0);
                if (!string.IsNullOrEmpty(holder) && holder != Identity && _observedAt + duration > now) return false;
                written = await _record.HoldAsync(lease, before, cancellationToken);
            }
            if (written is null) return false;
            _lease = written;
            Observe(written, now);
            var start = _term?.Start ?? now;
            _term = new Term(start, before + _options.RenewDeadline);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("{Identity}: Lease {Namespace}/{Lease} not read or written: {Error}", Identity, _options.Namespace, _options.LeaseName, e.Message);
            return false;
        }
    }

    private void Observe(V1Lease lease, DateTimeOffset now)
    {
        Leader = string.IsNullOrEmpty(lease.Spec?.HolderIdentity) ? null : lease.Spec.HolderIdentity;
        if (lease.Metadata?.ResourceVersion == _observedVersion) return;
        _observedVersion = lease.Metadata?.ResourceVersion;
        _observedAt = now;
    }

    private async Task ReleaseAsync()
    {
        if (_lease is null || _lease.Spec?.HolderIdentity != Identity) return;
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            if (await _record.ReleaseAsync(_lease, timeout.Token) is { } released)
            {
                _lease = released;
                Leader = null;
                _logger.LogInformation("{Identity} released Lease {Namespace}/{Lease}", Identity, _options.Namespace, _options.LeaseName);
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning("{Identity}: Lease not released ({Error}); it expires after {Duration}", Identity, e.Message, _options.LeaseDuration);
        }
    }

    private TimeSpan Remaining()
    {
        var left = (_term?.ValidUntil ?? DateTimeOffset.MinValue) - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try { source.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    private async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try { await Task.Delay(delay, _time, cancellationToken); }
        catch (OperationCanceledException) { }
    }

    private sealed record Term(DateTimeOffset Start, DateTimeOffset ValidUntil);
}
