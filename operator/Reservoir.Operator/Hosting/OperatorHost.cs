using k8s;
using Microsoft.Extensions.Logging;
using Reservoir.Core.Requests;
using Reservoir.Operator.Intake;
using Reservoir.Operator.Launch;
using Reservoir.Operator.Leadership;
using Reservoir.Operator.Observability;
using Reservoir.Operator.Reconcile;
using Reservoir.Operator.Reconcile.Notify;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Reservoir.Storage.Locations;
using Reservoir.PubSub;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Subscribing;

namespace Reservoir.Operator.Hosting;

/// <summary>
/// The operator process: the health/metrics endpoints from the start, then leader election; while this replica
/// leads, the intake (Pub/Sub → Searches) and the Search controller (Searches → Jobs → status) run, and both stop
/// the moment leadership ends. Returns after <paramref name="cancellationToken"/> (SIGTERM) once the leader's work
/// has stopped, in-flight messages were handed back and the Lease released.
/// </summary>
public sealed class OperatorHost(OperatorSettings settings, Func<string, string?> env, ILoggerFactory loggers)
{
    /// <summary>Lease renewal of pulled messages: under Pub/Sub's default 10 s ack deadline.</summary>
    private static readonly SubscriberOptions SubscriberDefaults = new()
    {
        WaitForMessages = false, LeaseExtension = TimeSpan.FromSeconds(60), LeaseRenewInterval = TimeSpan.FromSeconds(5),
    };

    private readonly ILogger _logger = loggers.CreateLogger("Reservoir.Operator");

    /// <summary>The port /metrics, /healthz and /readyz are served on, once started.</summary>
    public int? MetricsPort { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        settings.Validate();
        var (kubernetes, how) = KubernetesConnection.Create(settings, env);
        using var _ = kubernetes;
        var endpoint = PubSubEndpoint.FromEnvironment(getVariable: env);
        using var pubsub = PubSubClient.Create(endpoint);
        using var registry = new FileAlgorithmRegistry(settings.RegistryFile, logger: loggers.CreateLogger<FileAlgorithmRegistry>());

        var metrics = new OperatorMetrics();
        var health = new OperatorHealth { StallAfter = settings.StallAfter };
        await using var web = await OperatorWebServer.StartAsync(settings.MetricsPort, metrics, health, loggers, cancellationToken: cancellationToken);
        MetricsPort = web.Port;
        _logger.LogInformation(
            "reservoir-operator {Identity}: namespace {Namespace}, {Kubernetes}, Pub/Sub {PubSub}, subscription {Subscription}, dead letters {DeadLetter}, results {Results}, /metrics /healthz /readyz on port {Port}",
            settings.Election.Identity, settings.Namespace, how, endpoint.BaseAddress, settings.Subscription, settings.DeadLetterTopic,
            settings.ResultsTopic?.ToString() ?? "(none)", web.Port);

        var election = new LeaseLeaderElection(kubernetes, settings.Election, loggers.CreateLogger<LeaseLeaderElection>());
        election.LeadershipChanged += metrics.Leading;
        using var electionBeat = health.Track("election", () => election.LastProgress);
        health.SetReadiness(() => election.IsLeader || election.Leader is not null);

        var parts = new LeaderParts(kubernetes, pubsub, registry, metrics, health,
            pubsub.CreatePublisher(settings.DeadLetterTopic),
            settings.ResultsTopic is { } results ? pubsub.CreatePublisher(results) : null);
        await election.RunAsync(token => LeadAsync(parts, token), cancellationToken);
        _logger.LogInformation("reservoir-operator {Identity} stopped", settings.Election.Identity);
    }

    // One leadership term: a fresh subscriber, intake and controller (their caches and counts belong to the term).
    private async Task LeadAsync(LeaderParts parts, CancellationToken cancellationToken)
    {
        var subscriber = parts.PubSub.CreateSubscriber(settings.Subscription, SubscriberDefaults with { MaxOutstandingMessages = settings.MaxOutstandingMessages });
        var intake = new SearchIntake(subscriber, parts.DeadLetter, new SearchClient(parts.Kubernetes), parts.Registry,
            new RequestParser(settings.Intake),
            new SearchIntakeOptions { Namespace = settings.Namespace, OutputRoot = settings.OutputRoot, Concurrency = settings.IntakeConcurrency },
            loggers.CreateLogger<SearchIntake>(), parts.Metrics);
        var controller = new SearchController(parts.Kubernetes, new SearchControllerOptions { Namespace = settings.Namespace, Workers = settings.Workers },
            parts.Registry, new JobFactory(settings.Jobs), new PubSubSearchNotifier(parts.Results, parts.DeadLetter), parts.Metrics,
            loggers.CreateLogger<SearchController>(), stores: ObjectStoreResolver.CreateDefault(env));

        using var intakeBeat = parts.Health.Track("intake", () => intake.LastProgress);
        using var reconcileBeat = parts.Health.Track("reconcile", () => controller.LastProgress);
        parts.Health.SetCachesSynced(() => controller.CachesSynced);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            Task[] loops = [intake.RunAsync(stop.Token), controller.RunAsync(stop.Token)];
            // Either loop ending early (it should not) ends the term, so the replica never leads half-working.
            await Task.WhenAny(loops);
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
        finally
        {
            parts.Health.SetCachesSynced(null);
        }
    }

    private sealed record LeaderParts(
        IKubernetes Kubernetes, PubSubClient PubSub, IAlgorithmRegistry Registry, OperatorMetrics Metrics, OperatorHealth Health,
        IPublisher DeadLetter, IPublisher? Results);
}
