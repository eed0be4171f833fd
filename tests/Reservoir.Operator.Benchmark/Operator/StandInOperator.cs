using System.Diagnostics;
using System.Globalization;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.Core.Requests;
using Reservoir.Operator.Intake;
using Reservoir.Operator.Launch;
using Reservoir.Operator.Reconcile;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Reservoir.PubSub;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Subscribing;

namespace Reservoir.Operator.Benchmark.Operator;

/// <summary>Where the operator under test connects (the bench's hidden <c>operator</c> command takes these).</summary>
public sealed record OperatorTarget(string ApiServer, string PubSubHost, string Project, string Subscription, string DeadLetterTopic, string Namespace);

/// <summary>
/// The operator's two loops (intake and Search controller) wired as the host wires them, with the settings a
/// deployment uses (non-waiting pulls, default workers), and no HTTP endpoints or leader election. It stands in
/// for <c>reservoir-operator</c> so that its RSS is measured in a process of its own. It prints <c>ready</c> when
/// the controller's caches are synced, a <see cref="OperatorStats"/> line every second, and stops when its
/// standard input closes (so it never outlives the bench).
/// </summary>
public static class StandInOperator
{
    public const string Ready = "ready";
    public const string GcCommand = "gc";
    public const string LivePrefix = "live";

    public static IAlgorithmRegistry Registry { get; } = new StaticAlgorithmRegistry(
        new AlgorithmEntry { Name = "energy-detection", Image = "reservoir-algorithm:bench" });

    public static async Task<int> RunAsync(OperatorTarget target, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = Task.Run(async () =>
        {
            // Stdin closing (the bench exited or closed it) ends the operator.
            try
            {
                while (await Console.In.ReadLineAsync(stop.Token) is { } command)
                {
                    if (command != GcCommand) continue;
                    // A full compacting collection, then the live managed bytes (what the caches really hold).
                    System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    Console.Out.WriteLine($"{LivePrefix} {GC.GetTotalMemory(false)}");
                    Console.Out.Flush();
                }
            }
            catch (OperationCanceledException) { }
            await stop.CancelAsync();
        }, CancellationToken.None);

        var counters = new OperatorCounters();
        var timings = new CallTimings();
        using var pubsubHandler = new TimingHandler(timings) { InnerHandler = new SocketsHttpHandler() };
        using var pubsub = PubSubClient.Create(PubSubEndpoint.Emulator(target.PubSubHost), handler: pubsubHandler);
        var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = target.ApiServer }, new TimingHandler(timings));
        var (intake, controller) = Build(target, pubsub, kubernetes, counters);

        var loops = new[] { intake.RunAsync(stop.Token), controller.RunAsync(stop.Token) };
        while (!controller.CachesSynced && !stop.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);
        Console.Out.WriteLine(Ready);
        Console.Out.Flush();
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(1000, stop.Token); }
            catch (OperationCanceledException) { break; }
            Console.Out.WriteLine(OperatorStats.Take(counters).Format());
            foreach (var line in timings.Lines()) Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
        await Task.WhenAll(loops);
        return 0;
    }

    /// <summary>The intake and controller of <paramref name="target"/> (also used for the in-process mode).</summary>
    public static (SearchIntake Intake, SearchController Controller) Build(
        OperatorTarget target, PubSubClient pubsub, IKubernetes kubernetes, OperatorCounters counters)
    {
        var subscriber = pubsub.CreateSubscriber(new SubscriptionName(target.Project, target.Subscription),
            new SubscriberOptions { WaitForMessages = false });
        var deadLetter = pubsub.CreatePublisher(new TopicName(target.Project, target.DeadLetterTopic));
        var intake = new SearchIntake(subscriber, deadLetter, new SearchClient(kubernetes), Registry,
            new RequestParser(new IntakeOptions { InputRoot = "gs://bench-observations" }),
            new SearchIntakeOptions { Namespace = target.Namespace, OutputRoot = "gs://bench-results" },
            NullLogger.Instance, counters);
        var controller = new SearchController(kubernetes, new SearchControllerOptions { Namespace = target.Namespace },
            Registry, new JobFactory(), notifier: null, counters, NullLogger.Instance);
        return (intake, controller);
    }
}

/// <summary>Cheap in-process figures of the operator: allocation, GC, CPU time, and what its loops reported.</summary>
public sealed record OperatorStats(long AllocatedBytes, long HeapBytes, int Gen0, int Gen1, int Gen2, double CpuSeconds,
    long Pulled, long SearchesCreated, long JobsCreated, long ReconcileErrors)
{
    public const string Prefix = "stats";

    public static OperatorStats Take(OperatorCounters counters)
    {
        using var self = Process.GetCurrentProcess();
        return new OperatorStats(GC.GetTotalAllocatedBytes(), GC.GetTotalMemory(false), GC.CollectionCount(0), GC.CollectionCount(1),
            GC.CollectionCount(2), self.TotalProcessorTime.TotalSeconds, Interlocked.Read(ref counters.PulledMessages),
            Interlocked.Read(ref counters.StoredSearches), Interlocked.Read(ref counters.CreatedJobs), Interlocked.Read(ref counters.FailedReconciles));
    }

    public string Format() => string.Join(' ', Prefix, AllocatedBytes, HeapBytes, Gen0, Gen1, Gen2,
        CpuSeconds.ToString("F3", CultureInfo.InvariantCulture), Pulled, SearchesCreated, JobsCreated, ReconcileErrors);

    public static OperatorStats? Parse(string line)
    {
        var f = line.Split(' ');
        if (f.Length != 11 || f[0] != Prefix) return null;
        long L(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return new OperatorStats(L(1), L(2), (int)L(3), (int)L(4), (int)L(5), double.Parse(f[6], CultureInfo.InvariantCulture), L(7), L(8), L(9), L(10));
    }
}
