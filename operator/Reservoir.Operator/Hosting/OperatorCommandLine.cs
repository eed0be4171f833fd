using System.CommandLine;
using Microsoft.Extensions.Logging;
using Reservoir.Operator.Observability;

namespace Reservoir.Operator.Hosting;

/// <summary>
/// <c>reservoir-operator [options]</c>. Every option can also be set by its RESERVOIR_* environment variable (the
/// option wins); the help lists both and the default. Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 2 for
/// bad settings (named), 1 for any other failure.
/// </summary>
public static class OperatorCommandLine
{
    /// <summary>How long a SIGTERM waits for the graceful stop (under Kubernetes' default 30 s grace period).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(25);

    public static async Task<int> InvokeAsync(string[] args, Func<string, string?>? env = null, TextWriter? output = null, TextWriter? error = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var options = new OperatorOptions(env);
        var root = new RootCommand(
            "reservoir-operator: pulls observation requests from Pub/Sub, keeps one Search resource per observation and algorithm, " +
            "runs each as a Kubernetes Job from the algorithm registry, and records the outcome in the Search's status. " +
            "Two or more replicas elect one leader through a Lease. Serves /metrics, /healthz and /readyz.");
        options.AddTo(root);
        var stderr = error ?? Console.Error;
        root.SetAction(async (parse, cancellationToken) =>
        {
            OperatorSettings settings;
            try
            {
                settings = options.Read(parse);
                settings.Validate();
            }
            catch (ArgumentException e)
            {
                await stderr.WriteLineAsync($"reservoir-operator: {e.Message}");
                return 2;
            }
            using var loggers = OperatorLogging.Create(settings.LogFormat, settings.LogLevel);
            try
            {
                await new OperatorHost(settings, env, loggers).RunAsync(cancellationToken);
                return 0;
            }
            catch (Registry.AlgorithmRegistryException e)
            {
                loggers.CreateLogger("Reservoir.Operator").LogCritical("Algorithm registry unusable: {Problems}", e.Message);
                return 2;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception e)
            {
                loggers.CreateLogger("Reservoir.Operator").LogCritical(e, "reservoir-operator failed: {Error}", e.Message);
                return 1;
            }
        });
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = ShutdownTimeout };
        if (output is not null) configuration.Output = output;
        if (error is not null) configuration.Error = error;
        var exitCode = await parsed.InvokeAsync(configuration);
        return parsed.Errors.Count > 0 && exitCode == 1 ? 2 : exitCode;
    }
}
