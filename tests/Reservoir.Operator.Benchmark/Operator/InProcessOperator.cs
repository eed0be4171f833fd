using k8s;
using Reservoir.PubSub;
using Reservoir.PubSub.Connection;

namespace Reservoir.Operator.Benchmark.Operator;

/// <summary>The stand-in operator's loops inside the bench (RSS then includes the fake API server and the bench).</summary>
public sealed class InProcessOperator : IOperatorUnderTest
{
    private readonly CancellationTokenSource _stop = new();
    private readonly OperatorCounters _counters = new();
    private readonly PubSubClient _pubsub;
    private readonly Task _loops;

    private InProcessOperator(OperatorTarget target)
    {
        _pubsub = PubSubClient.Create(PubSubEndpoint.Emulator(target.PubSubHost));
        var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = target.ApiServer });
        var (intake, controller) = StandInOperator.Build(target, _pubsub, kubernetes, _counters);
        Controller = controller;
        _loops = Task.WhenAll(intake.RunAsync(_stop.Token), controller.RunAsync(_stop.Token));
    }

    private Reservoir.Operator.Reconcile.SearchController Controller { get; }

    public string Description => "in-process (RSS includes the fake API server and the bench)";
    public int ProcessId => Environment.ProcessId;
    public OperatorStats? LatestStats => OperatorStats.Take(_counters);

    public static async Task<InProcessOperator> StartAsync(OperatorTarget target)
    {
        var op = new InProcessOperator(target);
        while (!op.Controller.CachesSynced) await Task.Delay(20);
        return op;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loops;
        _pubsub.Dispose();
        _stop.Dispose();
    }
}
