using System.Collections.Concurrent;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.FakeKubernetes;
using Reservoir.FakeKubernetes.Kubelet;
using Reservoir.Operator.Launch;
using Reservoir.Operator.Reconcile;
using Reservoir.Operator.Reconcile.Notify;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Reservoir.Storage.Locations;
using Reservoir.TestSupport;

namespace Reservoir.Operator.Tests.Reconcile.Support;

/// <summary>
/// A fake API server with the Search CRD, a fake kubelet running each image as a shell script, and a
/// SearchController running against them. Scripts get the runner's args: $3 algorithm, $5 input, $7 output, $9 observation.
/// </summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    public const string Namespace = "reservoir";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Writes a manifest with 3 hits.</summary>
    public const string OkImage = "test/ok:1";
    public const string BadInputImage = "test/bad-input:1";
    public const string FlakyImage = "test/flaky:1";
    public const string NoManifestImage = "test/no-manifest:1";
    /// <summary>Sleeps 2 s, then as <see cref="OkImage"/>.</summary>
    public const string SlowImage = "test/slow:1";

    private static readonly Dictionary<string, IReadOnlyList<string>> Scripts = new()
    {
        [OkImage] = Sh("""mkdir -p "$7/$9/$3" && printf '{"observation":"%s","hits":3}' "$9" > "$7/$9/$3/manifest.json" """),
        [BadInputImage] = Sh("""echo "input truncated at byte 512" > "$RESERVOIR_TERMINATION_MESSAGE_PATH"; exit 2"""),
        [FlakyImage] = Sh("""echo "bucket unreachable" > "$RESERVOIR_TERMINATION_MESSAGE_PATH"; exit 1"""),
        [NoManifestImage] = Sh("exit 0"),
        [SlowImage] = Sh("""sleep 2; mkdir -p "$7/$9/$3" && printf '{"observation":"%s","hits":3}' "$9" > "$7/$9/$3/manifest.json" """),
    };

    private readonly CancellationTokenSource _stop = new();
    private readonly TempDirectory _output = new("reservoir-reconcile");
    private Task? _run;

    private ControllerHarness(FakeApiServer server, Kubernetes client, FakeKubelet kubelet, IReadOnlyList<AlgorithmEntry> algorithms)
    {
        Server = server;
        Client = client;
        Kubelet = kubelet;
        Registry = new StaticAlgorithmRegistry(algorithms);
        Searches = new SearchClient(client);
    }

    public FakeApiServer Server { get; }
    public Kubernetes Client { get; }
    public FakeKubelet Kubelet { get; private set; }
    public IAlgorithmRegistry Registry { get; }
    public SearchClient Searches { get; }
    public SearchController? Controller { get; private set; }
    public RecordingNotifier Notifier { get; } = new();
    public RecordingObserver Observer { get; } = new();
    public string Output => _output.Path;

    public static async Task<ControllerHarness> StartAsync(params AlgorithmEntry[] algorithms)
    {
        var server = await FakeApiServer.StartAsync();
        server.RegisterCustomResourceDefinition(SearchCrd.Group, SearchCrd.Version, SearchCrd.Plural, SearchCrd.Kind);
        var client = server.CreateClient();
        var kubelet = FakeKubelet.Start(server.CreateClient(), new FakeKubeletOptions { Namespace = Namespace, ImageCommands = Scripts });
        return new ControllerHarness(server, client, kubelet, algorithms);
    }

    /// <summary>Replaces the kubelet with a fresh one (which lists Jobs anew).</summary>
    public async Task RestartKubeletAsync()
    {
        await Kubelet.DisposeAsync();
        Kubelet = FakeKubelet.Start(Server.CreateClient(), new FakeKubeletOptions { Namespace = Namespace, ImageCommands = Scripts });
    }

    public static AlgorithmEntry Algorithm(string name, string image, int backoffLimit = 2, int? cap = null) =>
        new() { Name = name, Image = image, BackoffLimit = backoffLimit, ConcurrencyCap = cap };

    /// <summary>Starts a controller (again, after <see cref="StopControllerAsync"/>: a restart).</summary>
    public void StartController(SearchControllerOptions? options = null)
    {
        Controller = new SearchController(Client, options ?? new SearchControllerOptions { Namespace = Namespace, Workers = 2 },
            Registry, new JobFactory(), Notifier, Observer, NullLogger.Instance, TimeProvider.System,
            ObjectStoreResolver.CreateDefault(_ => null));
        var token = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _controllerStop = token;
        _run = Controller.RunAsync(token.Token);
    }

    private CancellationTokenSource? _controllerStop;

    public async Task StopControllerAsync()
    {
        if (_controllerStop is null || _run is null) return;
        await _controllerStop.CancelAsync();
        await _run.WaitAsync(Patience);
        _controllerStop.Dispose();
        _controllerStop = null;
        _run = null;
    }

    public async Task<SearchResource> CreateSearchAsync(string observation, string algorithm, string? name = null)
    {
        var search = new SearchResource
        {
            Metadata = new() { Name = name ?? $"{observation}-{algorithm}", NamespaceProperty = Namespace },
            Spec = new SearchResourceSpec { Observation = observation, Algorithm = algorithm, Input = $"/data/{observation}.fil", Output = Output },
        };
        return (await Searches.CreateAsync(Namespace, search)).Search;
    }

    public SearchResource? Get(string name) => Server.Get<SearchResource>($"{SearchCrd.Group}/{SearchCrd.Version}/{SearchCrd.Plural}", Namespace, name);

    public IReadOnlyList<SearchResource> AllSearches() => Server.List<SearchResource>($"{SearchCrd.Group}/{SearchCrd.Version}/{SearchCrd.Plural}", Namespace);

    public IReadOnlyList<k8s.Models.V1Job> Jobs() => Server.List<k8s.Models.V1Job>("batch/v1/jobs", Namespace);

    public IReadOnlyList<k8s.Models.Corev1Event> Events() => Server.List<k8s.Models.Corev1Event>("v1/events", Namespace);

    /// <summary>Waits until the Search <paramref name="name"/> is in a final phase and returns it.</summary>
    public async Task<SearchResource> WaitFinalAsync(string name)
    {
        try
        {
            await Server.WaitUntilAsync(_ => SearchPhase.IsFinal(Get(name)?.Status?.Phase), Patience, $"Search {name} to finish");
        }
        catch (TimeoutException e)
        {
            var job = Server.Get("batch/v1/jobs", Namespace, name);
            throw new TimeoutException($"{e.Message}; Search: {Server.Get("reservoir.io/v1alpha1/searches", Namespace, name)?.ToJsonString()}; Job: {job?["status"]?.ToJsonString() ?? "none"}; errors: {string.Join(", ", Observer.Errors)}; job requests: {string.Join("; ", Server.Requests.Where(r => r.Resource is "jobs" && r.Verb is not "watch" and not "list").Select(r => $"{r.Verb} {r.Path} {r.StatusCode}"))}", e);
        }
        return Get(name)!;
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopControllerAsync(); } catch (TimeoutException) { }
        await _stop.CancelAsync();
        await Kubelet.DisposeAsync();
        await Server.DisposeAsync();
        Client.Dispose();
        _output.Dispose();
        _stop.Dispose();
    }

    private static IReadOnlyList<string> Sh(string script) => ["/bin/sh", "-c", script, "sh"];
}

internal sealed class RecordingNotifier : ISearchNotifier
{
    public ConcurrentQueue<SearchCompletion> Sent { get; } = new();

    public Task NotifyAsync(SearchCompletion completion, CancellationToken cancellationToken)
    {
        Sent.Enqueue(completion);
        return Task.CompletedTask;
    }
}

internal sealed class RecordingObserver : IReconcileObserver
{
    public ConcurrentQueue<string> JobsCreated { get; } = new();
    public ConcurrentQueue<string> Errors { get; } = new();

    public void JobCreated(string algorithm, TimeSpan? sincePublished) => JobsCreated.Enqueue(algorithm);

    public void PhaseCounts(IReadOnlyDictionary<string, int> searchesByPhase) { }

    public void ReconcileError(string reason) => Errors.Enqueue(reason);
}
