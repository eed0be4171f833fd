using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.Runner.Running;
using Reservoir.Storage.Locations;

namespace Reservoir.Runner;

/// <summary>
/// The runner's entry point, shared by <c>reservoir run</c> (a pod or a local worker process) and any
/// in-process caller (the bench, tests). It never throws for a failed run: every failure becomes an
/// <see cref="RunOutcome"/> with exit code 2 (terminal) or 1 (retryable), logged and written as the
/// termination message. The manifest is written only by a run that returns exit code 0.
/// </summary>
public static class RunnerHost
{
    /// <summary>Environment variable naming the image, recorded in manifests.</summary>
    public const string ImageVariable = "RESERVOIR_IMAGE";

    public static async Task<RunOutcome> RunAsync(RunRequest request, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default) =>
        await RunAsync(request, loggers, ObjectStoreResolver.CreateDefault(), TimeProvider.System, cancellationToken);

    /// <summary>As above with the object stores and clock supplied (a cloud store registered, a fake clock in tests).</summary>
    public static async Task<RunOutcome> RunAsync(RunRequest request, ILoggerFactory? loggers, ObjectStoreResolver stores, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        loggers ??= NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("Reservoir.Runner");
        RunOutcome outcome;
        try
        {
            var result = await new SearchRun(request, loggers, stores, time).ExecuteAsync(cancellationToken);
            outcome = new RunOutcome(ExitCodes.Succeeded, $"succeeded: {result.Hits} hits, {result.ManifestUri}", result.Hits, result.ManifestUri);
            logger.LogInformation("{Message}", outcome.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = new RunOutcome(ExitCodes.Retryable, "cancelled before the result was complete; no manifest was written", 0, null);
            logger.LogWarning("{Message}", outcome.Message);
        }
        catch (Exception e)
        {
            var code = ExitCodes.For(e);
            outcome = new RunOutcome(code, TerminationMessage.OneLine(e.Message), 0, null);
            if (code == ExitCodes.Terminal) logger.LogError("terminal failure (exit 2): {Message}", outcome.Message);
            else logger.LogError(e, "failed (exit 1, retryable): {Message}", outcome.Message);
        }
        TerminationMessage.TryWrite(request.TerminationMessagePath, outcome.Message);
        return outcome;
    }
}
