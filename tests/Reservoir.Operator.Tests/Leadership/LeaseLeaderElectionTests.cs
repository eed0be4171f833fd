using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.FakeKubernetes;
using Reservoir.Operator.Leadership;
using Xunit;

namespace Reservoir.Operator.Tests.Leadership;

/// <summary>
/// Two electors against the fake API server with short (real-time) durations. Assertions are about outcomes and
/// orderings — never that something happened within a short time: every wait has a generous deadline.
/// </summary>
public sealed class LeaseLeaderElectionTests : IAsyncLifetime
{
    private const string Ns = "reservoir";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private FakeApiServer _api = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _api = await FakeApiServer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private Elector Start(string identity)
    {
        var gate = new GateHandler();
        var client = new Kubernetes(_api.CreateClientConfiguration(), gate);
        var election = new LeaseLeaderElection(client, new LeaderElectionOptions
        {
            Namespace = Ns, LeaseName = "test-lease", Identity = identity,
            LeaseDuration = TimeSpan.FromSeconds(2), RenewDeadline = TimeSpan.FromSeconds(1.5), RetryPeriod = TimeSpan.FromMilliseconds(200),
        }, NullLogger.Instance);
        return new Elector(election, gate, client);
    }

    [Fact]
    public async Task TwoElectors_NeverBothLeaders_OneLeadsAndTheOtherTakesOverAfterRelease()
    {
        await using var a = Start("a");
        await using var b = Start("b");
        using var sampling = new CancellationTokenSource();
        var overlaps = 0;
        var samples = 0L;
        var sampler = Task.Run(() =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var now = TimeProvider.System.GetUtcNow(); // one instant for both
                if (a.Election.IsLeaderAt(now) && b.Election.IsLeaderAt(now)) Interlocked.Increment(ref overlaps);
                samples++;
            }
        }, Ct);

        await WaitForAsync(() => a.Election.IsLeader || b.Election.IsLeader, "a leader");
        var (first, second) = a.Election.IsLeader ? (a, b) : (b, a);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // several renewals and acquire attempts of the standby
        await first.StopAsync();                       // releases the Lease
        Assert.True(first.WorkCancelled, "the first leader's work was cancelled when it stopped");
        await WaitForAsync(() => second.Election.IsLeader, "the standby to take over");
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        await sampling.CancelAsync();
        await sampler;
        Assert.True(samples > 100, $"only {samples} samples");
        Assert.Equal(0, overlaps);
        Assert.Equal(second.Election.Identity, Lease()?.Spec.HolderIdentity);
    }

    [Fact]
    public async Task HolderStopsRenewing_WorkCancelled_StandbyTakesOverAfterExpiry()
    {
        await using var a = Start("a");
        await WaitForAsync(() => a.Election.IsLeader, "a to lead");
        await using var b = Start("b");
        await WaitForAsync(() => b.Election.Leader == "a", "b to see a holding the Lease");

        a.Gate.Closed = true; // a's API calls now fail: it can neither renew nor release
        await WaitForAsync(() => a.WorkCancelled, "a's work to be cancelled");
        await WaitForAsync(() => b.Election.IsLeader, "b to take over the expired Lease");
        Assert.False(a.Election.IsLeader);
        var lease = Lease()!;
        Assert.Equal("b", lease.Spec.HolderIdentity);
        Assert.True(lease.Spec.LeaseTransitions >= 1, "the takeover counts as a transition");
    }

    [Fact]
    public async Task Shutdown_ReleasesLease()
    {
        await using var a = Start("a");
        await WaitForAsync(() => a.Election.IsLeader, "a to lead");
        Assert.Equal("a", Lease()?.Spec.HolderIdentity);
        await a.StopAsync();
        Assert.False(a.Election.IsLeader);
        Assert.Null(Lease()!.Spec.HolderIdentity);
    }

    [Theory]
    [InlineData(15, 15, 2, "RenewDeadline")]
    [InlineData(15, 10, 10, "RetryPeriod")]
    [InlineData(1.5, 1, 0.5, "LeaseDuration")]
    public void Options_Invalid_ThrowNamingField(double lease, double renew, double retry, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new LeaderElectionOptions
        {
            Namespace = Ns, Identity = "x", LeaseDuration = TimeSpan.FromSeconds(lease),
            RenewDeadline = TimeSpan.FromSeconds(renew), RetryPeriod = TimeSpan.FromSeconds(retry),
        }.Validate());
        Assert.Equal(field, error.ParamName);
    }

    private V1Lease? Lease() => _api.Get<V1Lease>("coordination.k8s.io/v1/leases", Ns, "test-lease");

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var end = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>An elector running in the background whose leader work waits until it is cancelled.</summary>
    private sealed class Elector : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private readonly Kubernetes _client;

        public Elector(LeaseLeaderElection election, GateHandler gate, Kubernetes client)
        {
            Election = election;
            Gate = gate;
            _client = client;
            _run = election.RunAsync(WorkAsync, _stop.Token);
        }

        public LeaseLeaderElection Election { get; }
        public GateHandler Gate { get; }
        public volatile bool WorkCancelled;

        private async Task WorkAsync(CancellationToken token)
        {
            try { await Task.Delay(Timeout.Infinite, token); }
            catch (OperationCanceledException) { WorkCancelled = true; }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _run;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _client.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>Fails every request while <see cref="Closed"/>: a replica cut off from the API server.</summary>
    private sealed class GateHandler : DelegatingHandler
    {
        public volatile bool Closed;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Closed ? throw new HttpRequestException("cut off from the API server (test)") : base.SendAsync(request, cancellationToken);
    }
}
