using Reservoir.FakeKubernetes;
using Reservoir.Operator.Benchmark.Load;
using Reservoir.Operator.Benchmark.Operator;
using Reservoir.Operator.Benchmark.Report;
using Reservoir.Operator.Resources;
using Reservoir.PubSub;
using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.TestSupport.Emulators;

namespace Reservoir.Operator.Benchmark;

/// <summary>
/// One benchmark run: Pub/Sub emulator + fake API server on loopback, the operator under test, a warm-up, then
/// the steady phase, the burst, and the fill to <see cref="BenchOptions.Track"/> Searches with the operator's
/// memory read at the end.
/// </summary>
public sealed class BenchRunner(BenchOptions options, TextWriter log)
{
    private const string Namespace = "reservoir";
    private const string Project = "reservoir-bench";
    private const int WarmUp = 20;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var emulator = new PubSubEmulatorFixture();
        var pubsubHost = options.PubSubEmulator;
        if (pubsubHost is null)
        {
            log.WriteLine("starting the Pub/Sub emulator…");
            await emulator.InitializeAsync();
            if (emulator.Port == 0) throw new InvalidOperationException("the Pub/Sub emulator could not be started: java or google-cloud-cli-pubsub-emulator is missing (or pass --pubsub-emulator HOST:PORT)");
            pubsubHost = emulator.HostPort;
        }
        await using var api = await FakeApiServer.StartAsync(cancellationToken);
        api.RegisterCustomResourceDefinition(SearchCrd.Group, SearchCrd.Version, SearchCrd.Plural, SearchCrd.Kind);
        using var pubsub = PubSubClient.Create(PubSubEndpoint.Emulator(pubsubHost));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var target = new OperatorTarget(api.BaseUri.ToString().TrimEnd('/'), pubsubHost, Project, "observations-sub-" + suffix, "dead-" + suffix, Namespace);
        var topic = new TopicName(Project, "observations-" + suffix);
        await pubsub.Admin.CreateTopicAsync(topic, cancellationToken);
        await pubsub.Admin.CreateTopicAsync(new TopicName(Project, target.DeadLetterTopic), cancellationToken);
        await pubsub.Admin.CreateSubscriptionAsync(new SubscriptionName(Project, target.Subscription),
            new SubscriptionSettings(topic) { AckDeadline = TimeSpan.FromSeconds(30) }, cancellationToken);

        var client = api.CreateClient();
        await using var sightings = new JobSightings(client, Namespace);
        await WaitAsync(() => api.Requests.Any(r => r.Verb == "watch" && r.Resource == "jobs" && !r.Query.Contains("labelSelector", StringComparison.Ordinal)),
            "the bench's Job watch to open", cancellationToken);

        log.WriteLine($"starting the operator ({options.Operator})…");
        await using IOperatorUnderTest op = options.Operator switch
        {
            OperatorMode.InProcess => await InProcessOperator.StartAsync(target),
            OperatorMode.StandIn => await ChildOperator.StartAsync(target, cancellationToken),
            _ => await RealOperator.StartAsync(target, api, options.OperatorExecutable, cancellationToken),
        };
        var publisher = new LoadPublisher(pubsub.CreatePublisher(topic));

        log.WriteLine($"warm-up: {WarmUp} messages");
        await RequireAsync(sightings, await publisher.SteadyAsync("w", WarmUp, 50, cancellationToken), "warm-up", cancellationToken);
        await Task.Delay(1500, cancellationToken); // let the child report its figures after the warm-up
        var before = op.LatestStats;

        log.WriteLine($"steady: {options.SteadyMessages} messages at {options.Rate}/s");
        var steadyPublished = await publisher.SteadyAsync("s", options.SteadyMessages, options.Rate, cancellationToken);
        await sightings.WaitForAllAsync(steadyPublished.Keys, options.PhaseTimeout, cancellationToken);
        var steady = LatencySummary.Of("steady", steadyPublished, sightings.FirstSeen);

        LatencySummary? burst = null;
        if (options.Burst > 0)
        {
            log.WriteLine($"burst: {options.Burst} messages at once");
            var burstPublished = await publisher.BurstAsync("b", options.Burst, cancellationToken);
            await sightings.WaitForAllAsync(burstPublished.Keys, options.PhaseTimeout, cancellationToken);
            burst = LatencySummary.Of("burst", burstPublished, sightings.FirstSeen);
        }

        LatencySummary? fill = null;
        var missing = options.Track - sightings.Count;
        if (missing > 0)
        {
            log.WriteLine($"fill: {missing} Searches created through the API, to {options.Track} in all");
            var created = await new SearchFiller(new SearchClient(client), Namespace).CreateAsync("t", missing, 8, cancellationToken);
            await sightings.WaitForAllAsync(created.Keys.ToList(), options.PhaseTimeout, cancellationToken);
            fill = LatencySummary.Of("fill (Search->Job)", created, sightings.FirstSeen);
        }
        await Task.Delay(3000, cancellationToken); // the last status writes and events settle
        var memory = ProcessMemory.Read(op.ProcessId);
        await Task.Delay(1100, cancellationToken);
        var stats = op.LatestStats;
        if (op is ChildOperator probe)
        {
            var live = await probe.CollectAsync(cancellationToken);
            await Task.Delay(500, cancellationToken);
            log.WriteLine($"after a full compacting GC in the operator: live managed {live / 1048576.0:F1} MB, {ProcessMemory.Read(op.ProcessId)}");
        }
        return new BenchReport(op.Description, options, steady, burst, fill, api.List("reservoir.io/v1alpha1/searches", Namespace).Count,
            memory, before, stats, op is ChildOperator child ? child.Timings : []);
    }

    private async Task RequireAsync(JobSightings sightings, Dictionary<string, long> published, string phase, CancellationToken cancellationToken)
    {
        if (!await sightings.WaitForAllAsync(published.Keys, options.PhaseTimeout, cancellationToken))
            throw new TimeoutException($"{phase}: only {published.Keys.Count(k => sightings.FirstSeen(k) is not null)} of {published.Count} Jobs appeared within {options.PhaseTimeout}");
    }

    private static async Task WaitAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var end = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20, cancellationToken);
        }
    }
}
