using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Reservoir.Core.Requests;
using Reservoir.Operator.Launch;
using Reservoir.Operator.Leadership;
using Reservoir.Operator.Observability;
using Reservoir.PubSub.Names;

namespace Reservoir.Operator.Hosting;

/// <summary>The operator's options, each backed by a RESERVOIR_* environment variable, read into <see cref="OperatorSettings"/>.</summary>
internal sealed class OperatorOptions(Func<string, string?> env)
{
    private readonly Dictionary<string, Option<string>> _byName = [];
    private readonly Dictionary<Option<string>, string> _variables = [];

    private Option<string> Namespace => Get("--namespace", "RESERVOIR_NAMESPACE", "Namespace of Searches, Jobs and the Lease", "$POD_NAMESPACE, else reservoir");
    private Option<string> Project => Get("--project", "RESERVOIR_PROJECT", "Google Cloud project of subscription and topics given as bare IDs", "none: give full names");
    private Option<string> Subscription => Get("--subscription", "RESERVOIR_SUBSCRIPTION", "Subscription of trigger messages: an ID in --project, or projects/P/subscriptions/S", "required");
    private Option<string> DeadLetter => Get("--dead-letter-topic", "RESERVOIR_DEAD_LETTER_TOPIC", "Topic for bad messages and failed Searches (attribute reason): an ID in --project, or projects/P/topics/T", "required");
    private Option<string> Results => Get("--results-topic", "RESERVOIR_RESULTS_TOPIC", "Topic for a completion message per finished Search: an ID in --project, or projects/P/topics/T", "none");
    private Option<string> Output => Get("--output", "RESERVOIR_OUTPUT", "Output root of every Search, e.g. gs://bucket/results", "required");
    private Option<string> InputRoot => Get("--input-root", "RESERVOIR_INPUT_ROOT", "Folder or URI prefix of inputs for messages without one", "none");
    private Option<string> InputTemplate => Get("--input-template", "RESERVOIR_INPUT_TEMPLATE", "Input file name of a bare observation ID", "{observation}.h5");
    private Option<string> DefaultAlgorithms => Get("--default-algorithms", "RESERVOIR_DEFAULT_ALGORITHMS", "Comma-separated algorithms for messages that name none", "energy-detection");
    private Option<string> RegistryFile => Get("--registry", "RESERVOIR_REGISTRY", "Algorithm registry YAML (the mounted reservoir-algorithms ConfigMap), re-read on change", Registry.FileAlgorithmRegistry.DefaultPath);
    private Option<string> LeaseName => Get("--lease-name", "RESERVOIR_LEASE_NAME", "Lease used for leader election", "reservoir-operator");
    private Option<string> Identity => Get("--identity", "RESERVOIR_IDENTITY", "This replica's identity in the Lease", "$HOSTNAME (the pod name)");
    private Option<string> LeaseDuration => Get("--lease-duration", "RESERVOIR_LEASE_DURATION", "Seconds an unrenewed Lease stays with its holder", "15");
    private Option<string> RenewDeadline => Get("--renew-deadline", "RESERVOIR_RENEW_DEADLINE", "Seconds a leader keeps acting without a renewal", "10");
    private Option<string> RetryPeriod => Get("--retry-period", "RESERVOIR_RETRY_PERIOD", "Seconds between Lease acquire/renew tries", "2");
    private Option<string> MetricsPort => Get("--metrics-port", "RESERVOIR_METRICS_PORT", "Port of /metrics, /healthz, /readyz (0: any free port)", "8080");
    private Option<string> ApiServer => Get("--api-server", "RESERVOIR_API_SERVER", "API server URL without credentials (kubectl proxy, a test server)", "in-cluster config, else kubeconfig");
    private Option<string> Kubeconfig => Get("--kubeconfig", "RESERVOIR_KUBECONFIG", "Kubeconfig file outside a cluster", "$KUBECONFIG, else ~/.kube/config");
    private Option<string> Workers => Get("--workers", "RESERVOIR_WORKERS", "Reconcile workers", "4");
    private Option<string> IntakeConcurrency => Get("--intake-concurrency", "RESERVOIR_INTAKE_CONCURRENCY", "Messages handled at once", "32");
    private Option<string> MaxOutstanding => Get("--max-outstanding", "RESERVOIR_MAX_OUTSTANDING", "Most messages pulled and not yet settled", "100");
    private Option<string> RunnerServiceAccount => Get("--job-service-account", "RESERVOIR_JOB_SERVICE_ACCOUNT", "Service account of runner pods", "namespace default");
    private Option<string> RunnerEnvSecret => Get("--runner-env-secret", "RESERVOIR_RUNNER_ENV_SECRET", "Secret whose keys become runner env variables (credentials)", "none");
    private Option<string> JobTtl => Get("--job-ttl", "RESERVOIR_JOB_TTL", "Seconds a finished Job is kept", "3600");
    private Option<string> ScratchSize => Get("--scratch-size", "RESERVOIR_SCRATCH_SIZE", "Size limit of each runner's /scratch emptyDir", "10Gi");
    private Option<string> StallTimeout => Get("--stall-timeout", "RESERVOIR_STALL_TIMEOUT", "Seconds without progress of a loop before /healthz fails", "600");
    private Option<string> LogFormatOption => Get("--log-format", "RESERVOIR_LOG_FORMAT", "text or json (one object per line)", "text");
    private Option<string> LogLevelOption => Get("--log-level", "RESERVOIR_LOG_LEVEL", "Trace, Debug, Information, Warning, Error", "Information");

    public void AddTo(RootCommand root)
    {
        // Touch every property once so each option exists, in this order, before parsing.
        Option<string>[] all =
        [
            Namespace, Project, Subscription, DeadLetter, Results, Output, InputRoot, InputTemplate, DefaultAlgorithms, RegistryFile, LeaseName, Identity,
            LeaseDuration, RenewDeadline, RetryPeriod, MetricsPort, ApiServer, Kubeconfig, Workers, IntakeConcurrency, MaxOutstanding,
            RunnerServiceAccount, RunnerEnvSecret, JobTtl, ScratchSize, StallTimeout, LogFormatOption, LogLevelOption,
        ];
        foreach (var option in all) root.Options.Add(option);
    }

    public OperatorSettings Read(ParseResult parse)
    {
        string? Value(Option<string> option) => parse.GetValue(option) is { Length: > 0 } given ? given : env(EnvOf(option)) is { Length: > 0 } e ? e : null;
        string Required(Option<string> option) => Value(option) ?? throw new ArgumentException($"{option.Name} (or {EnvOf(option)}) is required");
        int Int(Option<string> option, int fallback) => Value(option) is not { } text ? fallback
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ArgumentException($"{option.Name} / {EnvOf(option)}: '{text}' is not a whole number");
        T Parsed<T>(Option<string> option, Func<string, T> parser, string what)
        {
            var text = Required(option);
            try { return parser(text); }
            catch (Exception e) when (e is FormatException || (e is ArgumentException && !e.Message.Contains("--project", StringComparison.Ordinal))) { throw new ArgumentException($"{option.Name} / {EnvOf(option)}: '{text}' is not {what} ({e.Message})"); }
        }

        string InProject(Option<string> option) =>
            Value(Project) ?? throw new ArgumentException($"{option.Name} / {EnvOf(option)} is a bare ID: --project (or RESERVOIR_PROJECT) is required with it");

        var ns = Value(Namespace) ?? env("POD_NAMESPACE") ?? "reservoir";
        var election = new LeaderElectionOptions
        {
            Namespace = ns,
            LeaseName = Value(LeaseName) ?? "reservoir-operator",
            Identity = Value(Identity) ?? env("HOSTNAME") ?? Environment.MachineName,
            LeaseDuration = TimeSpan.FromSeconds(Int(LeaseDuration, 15)),
            RenewDeadline = TimeSpan.FromSeconds(Int(RenewDeadline, 10)),
            RetryPeriod = TimeSpan.FromSeconds(Int(RetryPeriod, 2)),
        };
        return new OperatorSettings
        {
            Namespace = ns,
            Subscription = Parsed(Subscription, s => s.Contains('/') ? ParseSubscription(s) : new SubscriptionName(InProject(Subscription), s), "a subscription (an ID with --project, or projects/P/subscriptions/S)"),
            DeadLetterTopic = Parsed(DeadLetter, t => t.Contains('/') ? TopicName.Parse(t) : new TopicName(InProject(DeadLetter), t), "a topic (an ID with --project, or projects/P/topics/T)"),
            ResultsTopic = Value(Results) is null ? null : Parsed(Results, t => t.Contains('/') ? TopicName.Parse(t) : new TopicName(InProject(Results), t), "a topic (an ID with --project, or projects/P/topics/T)"),
            OutputRoot = Required(Output),
            Intake = new IntakeOptions
            {
                InputRoot = Value(InputRoot) ?? "",
                InputTemplate = Value(InputTemplate) ?? "{observation}.h5",
                DefaultAlgorithms = (Value(DefaultAlgorithms) ?? "energy-detection").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            },
            RegistryFile = Value(RegistryFile) ?? Registry.FileAlgorithmRegistry.DefaultPath,
            Election = election,
            MetricsPort = Int(MetricsPort, 8080),
            ApiServer = Value(ApiServer) is { } api
                ? Uri.TryCreate(api, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--api-server / RESERVOIR_API_SERVER: '{api}' is not a URL")
                : null,
            Kubeconfig = Value(Kubeconfig),
            Workers = Int(Workers, 4),
            IntakeConcurrency = Int(IntakeConcurrency, 32),
            MaxOutstandingMessages = Int(MaxOutstanding, 100),
            Jobs = new JobSettings
            {
                ServiceAccountName = Value(RunnerServiceAccount),
                EnvSecretName = Value(RunnerEnvSecret),
                TtlSecondsAfterFinished = Int(JobTtl, 3600),
                ScratchSizeLimit = Value(ScratchSize) ?? "10Gi",
            },
            StallAfter = TimeSpan.FromSeconds(Int(StallTimeout, 600)),
            LogFormat = (Value(LogFormatOption) ?? "text").ToLowerInvariant() switch
            {
                "text" => LogFormat.Text,
                "json" => LogFormat.Json,
                var other => throw new ArgumentException($"--log-format / RESERVOIR_LOG_FORMAT: '{other}' must be text or json"),
            },
            LogLevel = Enum.TryParse<LogLevel>(Value(LogLevelOption) ?? "Information", ignoreCase: true, out var level) && Enum.IsDefined(level)
                ? level
                : throw new ArgumentException($"--log-level / RESERVOIR_LOG_LEVEL: '{Value(LogLevelOption)}' is not a log level"),
        };
    }

    private Option<string> Get(string name, string variable, string description, string fallback)
    {
        if (_byName.TryGetValue(name, out var existing)) return existing;
        var option = new Option<string>(name) { Description = $"{description} [env {variable}; default: {fallback}]", HelpName = "VALUE" };
        _byName[name] = option;
        _variables[option] = variable;
        return option;
    }

    private static SubscriptionName ParseSubscription(string path) =>
        path.Split('/') is ["projects", var project, "subscriptions", var subscription]
            ? new SubscriptionName(project, subscription)
            : throw new FormatException("expected projects/PROJECT/subscriptions/SUBSCRIPTION");

    private string EnvOf(Option<string> option) => _variables[option];
}
