using Microsoft.Extensions.Logging;
using Reservoir.Core.Requests;
using Reservoir.Operator.Launch;
using Reservoir.Operator.Leadership;
using Reservoir.Operator.Observability;
using Reservoir.PubSub.Names;

namespace Reservoir.Operator.Hosting;

/// <summary>
/// Everything the operator is configured with (from <see cref="OperatorCommandLine"/>: options or RESERVOIR_*
/// environment variables). <see cref="Validate"/> runs at start-up and names the setting that is wrong.
/// </summary>
public sealed record OperatorSettings
{
    /// <summary>Namespace of Searches, Jobs and the Lease. The default value is <c>reservoir</c>.</summary>
    public string Namespace { get; init; } = "reservoir";

    /// <summary>Subscription the trigger messages are pulled from.</summary>
    public required SubscriptionName Subscription { get; init; }

    /// <summary>Topic that terminal (bad) messages and finally failed Searches go to, with attribute <c>reason</c>.</summary>
    public required TopicName DeadLetterTopic { get; init; }

    /// <summary>Topic a completion message is published to for every finished Search; null for none. The default value is null.</summary>
    public TopicName? ResultsTopic { get; init; }

    /// <summary>Output root URI of every Search (e.g. <c>gs://bucket/results</c>).</summary>
    public required string OutputRoot { get; init; }

    /// <summary>How messages that leave out input or algorithms are completed.</summary>
    public IntakeOptions Intake { get; init; } = new();

    /// <summary>The algorithm registry file (a mounted ConfigMap). The default value is <see cref="Registry.FileAlgorithmRegistry.DefaultPath"/>.</summary>
    public string RegistryFile { get; init; } = Registry.FileAlgorithmRegistry.DefaultPath;

    /// <summary>Lease name and timings; its Identity is this replica's.</summary>
    public required LeaderElectionOptions Election { get; init; }

    /// <summary>Port of /metrics, /healthz and /readyz (0 picks a free one). The default value is 8080.</summary>
    public int MetricsPort { get; init; } = 8080;

    /// <summary>API server URL (plain, no credentials: for a local proxy or the fake server); null to use in-cluster
    /// config or a kubeconfig. The default value is null.</summary>
    public Uri? ApiServer { get; init; }

    /// <summary>Kubeconfig file when not in a cluster and no <see cref="ApiServer"/>; null for KUBECONFIG or ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Reconcile workers. The default value is 4.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Messages handled at once by the intake. The default value is 32.</summary>
    public int IntakeConcurrency { get; init; } = 32;

    /// <summary>Most messages pulled and not yet settled. The default value is 100.</summary>
    public int MaxOutstandingMessages { get; init; } = 100;

    /// <summary>Settings of every runner Job.</summary>
    public JobSettings Jobs { get; init; } = new();

    /// <summary>A loop without progress for this long fails /healthz. The default value is 10 minutes.</summary>
    public TimeSpan StallAfter { get; init; } = OperatorHealth.DefaultStallAfter;

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when one cannot work.</summary>
    public void Validate()
    {
        if (!SearchName.IsDns1123Label(Namespace)) throw new ArgumentException($"namespace '{Namespace}' is not a DNS-1123 label", nameof(Namespace));
        if (string.IsNullOrWhiteSpace(OutputRoot)) throw new ArgumentException("the output root is required", nameof(OutputRoot));
        if (string.IsNullOrWhiteSpace(RegistryFile)) throw new ArgumentException("the registry file is required", nameof(RegistryFile));
        if (MetricsPort is < 0 or > 65535) throw new ArgumentException($"metrics port {MetricsPort} is not a port", nameof(MetricsPort));
        if (Workers is < 1 or > 64) throw new ArgumentException($"workers must be 1 to 64, not {Workers}", nameof(Workers));
        if (MaxOutstandingMessages < 1) throw new ArgumentException($"max outstanding messages must be ≥ 1, not {MaxOutstandingMessages}", nameof(MaxOutstandingMessages));
        if (StallAfter < TimeSpan.FromSeconds(10)) throw new ArgumentException($"stall timeout must be ≥ 10 s, not {StallAfter}", nameof(StallAfter));
        if (Election.Namespace != Namespace) throw new ArgumentException("the Lease must live in the operator's namespace", nameof(Election));
        if (ApiServer is { } api && api.Scheme is not ("http" or "https")) throw new ArgumentException($"API server '{api}' must be http(s)", nameof(ApiServer));
        Intake.Validate();
        Election.Validate();
        Jobs.Validate();
    }
}
