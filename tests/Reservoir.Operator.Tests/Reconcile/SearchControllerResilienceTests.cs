using Reservoir.FakeKubernetes.Faults;
using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Reconcile.Support;
using Xunit;
using static Reservoir.Operator.Tests.Reconcile.Support.ControllerHarness;

namespace Reservoir.Operator.Tests.Reconcile;

/// <summary>The controller under API faults and restarts: outcomes stay exact (one Job and one notice per Search).</summary>
public sealed class SearchControllerResilienceTests
{
    [Fact]
    public async Task RunAsync_RandomTooManyRequestsAndInternalErrors_ConvergesOneJobAndOneNoticePerSearch()
    {
        await using var h = await StartAsync(Algorithm("ed", OkImage));
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Probability = 0.15, Count = 40, RetryAfter = TimeSpan.FromMilliseconds(100) });
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, Probability = 0.15, Count = 40 });
        h.StartController();
        var names = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var name = $"obs-f{i}-ed";
            names.Add(name);
            await CreateWithRetryAsync(h, $"obs-f{i}");
        }

        foreach (var name in names) Assert.Equal(SearchPhase.Succeeded, (await h.WaitFinalAsync(name)).Status!.Phase);

        Assert.True(h.Server.Faults.Injected > 0, "no fault was injected");
        var jobs = h.Jobs();
        Assert.Equal(names.Order(), jobs.Select(j => j.Metadata.Name).Order());
        await h.Server.WaitUntilAsync(_ => h.Notifier.Sent.Count >= names.Count, Patience, "a notice per Search");
        Assert.Equal(names.Order(), h.Notifier.Sent.Select(n => n.Search).Order());
    }

    [Fact]
    public async Task RunAsync_ControllerRestarted_NoSecondJobNoSecondNotice()
    {
        await using var h = await StartAsync(Algorithm("ed", OkImage));
        h.StartController();
        for (var i = 0; i < 4; i++) await h.CreateSearchAsync($"obs-r{i}", "ed");
        for (var i = 0; i < 4; i++) await h.WaitFinalAsync($"obs-r{i}-ed");
        await h.Server.WaitUntilAsync(_ => h.AllSearches().All(s => s.Metadata.Annotations?.ContainsKey("reservoir.io/notified") == true),
            Patience, "every Search annotated as notified");

        await h.StopControllerAsync();
        h.StartController();
        await h.CreateSearchAsync("obs-r4", "ed");
        await h.WaitFinalAsync("obs-r4-ed");
        await h.Server.WaitUntilAsync(_ => h.Notifier.Sent.Count >= 5, Patience, "the fifth notice");

        Assert.Equal(5, h.Jobs().Count);
        Assert.Equal(5, h.Notifier.Sent.Select(n => n.Search).Distinct().Count());
        Assert.Equal(5, h.Notifier.Sent.Count);
    }

    private static async Task CreateWithRetryAsync(ControllerHarness h, string observation)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await h.CreateSearchAsync(observation, "ed");
                return;
            }
            catch (k8s.Autorest.HttpOperationException) when (attempt < 20)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }
}
