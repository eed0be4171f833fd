using Reservoir.FakeKubernetes.Faults;
using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Reconcile.Support;
using Xunit;
using static Reservoir.Operator.Tests.Reconcile.Support.ControllerHarness;

namespace Reservoir.Operator.Tests.Reconcile;

/// <summary>The controller against the fake API server and fake kubelet (real processes, real HTTP, real watches).</summary>
public sealed class SearchControllerTests
{
    [Fact]
    public async Task RunAsync_RunnerWritesManifest_SucceededWithHitsOneJobEventsAndOneNotice()
    {
        await using var h = await StartAsync(Algorithm("ed", OkImage));
        h.StartController();
        await h.CreateSearchAsync("obs-1", "ed");

        var search = await h.WaitFinalAsync("obs-1-ed");

        Assert.True(h.Controller!.CachesSynced);
        Assert.Equal(SearchPhase.Succeeded, search.Status!.Phase);
        Assert.Equal(3, search.Status.Hits);
        Assert.Equal(new Uri(Path.Combine(h.Output, "obs-1", "ed")).AbsoluteUri + "/", search.Status.ResultUri);
        Assert.Equal(OkImage, search.Status.Image);
        Assert.Equal("obs-1-ed", search.Status.JobName);
        Assert.Equal(1, search.Status.Attempts);
        Assert.NotNull(search.Status.StartedAt);
        Assert.NotNull(search.Status.FinishedAt);
        Assert.Single(h.Jobs());
        await h.Server.WaitUntilAsync(_ => h.Get("obs-1-ed")?.Metadata.Annotations?.ContainsKey("reservoir.io/notified") == true, Patience, "notified annotation");
        var notice = Assert.Single(h.Notifier.Sent);
        Assert.Equal((SearchPhase.Succeeded, 3L, "obs-1"), (notice.Phase, notice.Hits!.Value, notice.Observation));
        var reasons = h.Events().Where(e => e.InvolvedObject.Name == "obs-1-ed").Select(e => e.Reason).ToList();
        Assert.Contains("JobCreated", reasons);
        Assert.Contains("Succeeded", reasons);
    }

    [Fact]
    public async Task RunAsync_ExitTwo_FailedAtOnceWithTerminationMessage()
    {
        await using var h = await StartAsync(Algorithm("ed", BadInputImage, backoffLimit: 3));
        h.StartController();
        await h.CreateSearchAsync("obs-2", "ed");

        var search = await h.WaitFinalAsync("obs-2-ed");

        Assert.Equal(SearchPhase.Failed, search.Status!.Phase);
        Assert.Equal("bad input (exit 2): input truncated at byte 512", search.Status.Message);
        Assert.Equal(1, search.Status.Attempts);
        Assert.Single(h.Server.List("v1/pods", Namespace));
        await h.Server.WaitUntilAsync(_ => !h.Notifier.Sent.IsEmpty, Patience, "failure notice");
        var notice = Assert.Single(h.Notifier.Sent);
        Assert.Equal(("Failed", "PodFailurePolicy"), (notice.Phase, notice.Reason));
    }

    [Fact]
    public async Task RunAsync_ExitOne_RetriedToBackoffLimitThenFailed()
    {
        await using var h = await StartAsync(Algorithm("ed", FlakyImage, backoffLimit: 1));
        h.StartController();
        await h.CreateSearchAsync("obs-3", "ed");

        var search = await h.WaitFinalAsync("obs-3-ed");

        Assert.Equal(SearchPhase.Failed, search.Status!.Phase);
        Assert.Equal("failed after 2 attempts: bucket unreachable", search.Status.Message);
        Assert.Equal(2, search.Status.Attempts);
        Assert.Equal(2, h.Server.List("v1/pods", Namespace).Count);
        await h.Server.WaitUntilAsync(_ => !h.Notifier.Sent.IsEmpty, Patience, "failure notice");
        Assert.Equal("BackoffLimitExceeded", Assert.Single(h.Notifier.Sent).Reason);
    }

    [Fact]
    public async Task RunAsync_UnknownAlgorithm_FailedWithoutJob()
    {
        await using var h = await StartAsync(Algorithm("ed", OkImage));
        h.StartController();
        await h.CreateSearchAsync("obs-4", "nope");

        var search = await h.WaitFinalAsync("obs-4-nope");

        Assert.Equal(SearchPhase.Failed, search.Status!.Phase);
        Assert.Contains("unknown algorithm 'nope'", search.Status.Message);
        Assert.Empty(h.Jobs());
    }

    [Fact]
    public async Task RunAsync_JobCompletesWithoutManifest_Failed()
    {
        await using var h = await StartAsync(Algorithm("ed", NoManifestImage));
        h.StartController();
        await h.CreateSearchAsync("obs-5", "ed");

        var search = await h.WaitFinalAsync("obs-5-ed");

        Assert.Equal(SearchPhase.Failed, search.Status!.Phase);
        Assert.Equal("job completed but wrote no manifest", search.Status.Message);
    }

    [Fact]
    public async Task RunAsync_ConcurrencyCapOne_HoldsOthersPendingAndNeverRunsTwo()
    {
        await using var h = await StartAsync(Algorithm("slow", SlowImage, cap: 1));
        h.StartController();
        for (var i = 0; i < 3; i++) await h.CreateSearchAsync($"obs-c{i}", "slow");

        var maxUnfinished = 0;
        var sawWaiting = false;
        await h.Server.WaitUntilAsync(_ =>
        {
            var unfinished = h.Jobs().Count(j => !(j.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is "Complete" or "Failed") ?? false));
            maxUnfinished = Math.Max(maxUnfinished, unfinished);
            var searches = h.AllSearches();
            sawWaiting |= searches.Any(s => s.Status is { Phase: SearchPhase.Pending, Message: "waiting: 1/1 running" });
            return searches.Count == 3 && searches.All(s => s.Status?.Phase == SearchPhase.Succeeded);
        }, Patience, "three capped Searches to succeed");

        Assert.Equal(1, maxUnfinished);
        Assert.True(sawWaiting, "no Search was seen Pending with 'waiting: 1/1 running'");
        Assert.Equal(3, h.Jobs().Count);
        Assert.Contains(h.Events(), e => e.Reason == "Pending");
    }

    [Fact]
    public async Task RunAsync_HistoryCompactedAndWatchesDropped_RelistsAndKeepsWorking()
    {
        await using var h = await StartAsync(Algorithm("ed", OkImage));
        h.StartController();
        await h.CreateSearchAsync("obs-w1", "ed");
        await h.WaitFinalAsync("obs-w1-ed");
        var listsBefore = h.Server.Requests.Count(r => r.Verb == "list" && r.Resource == SearchCrd.Plural);

        // Keep the Search watch down while a Search is created and the history compacted: the watch can only
        // resume from a resourceVersion the server no longer has (410 Gone), so only a re-list finds obs-w2.
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Verb = "watch", Resource = SearchCrd.Plural, RetryAfter = TimeSpan.FromMilliseconds(100) });
        h.Server.DropWatches();
        await h.CreateSearchAsync("obs-w2", "ed");
        await h.Server.WaitUntilAsync(_ => h.Server.Requests.Any(r => r.Verb == "watch" && r.Resource == SearchCrd.Plural && r.StatusCode == 503),
            Patience, "a refused Search watch");
        h.Server.CompactHistory();
        h.Server.Faults.Clear();
        await h.RestartKubeletAsync(); // the test is about the controller's watches, not the kubelet's
        var second = await h.WaitFinalAsync("obs-w2-ed");

        Assert.Equal(SearchPhase.Succeeded, second.Status!.Phase);
        await h.Server.WaitUntilAsync(_ => h.Server.Requests.Count(r => r.Verb == "list" && r.Resource == SearchCrd.Plural) > listsBefore,
            Patience, "a re-list of Searches after 410 Gone");
        Assert.Equal(2, h.Jobs().Count);
    }
}
