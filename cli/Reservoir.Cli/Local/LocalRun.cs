using System.Globalization;
using Reservoir.Core.Dispatch;
using Reservoir.Core.Execution;
using Reservoir.Core.Queue;
using Reservoir.Core.Requests;
using Reservoir.Core.Results;

namespace Reservoir.Cli.Local;

/// <summary>
/// The embedded mode end to end: observations (given, or the generated demo) → one search per observation
/// and algorithm in the spool queue → child runner processes → results folder, then a summary.
/// The spool outlives the process: a run that was killed leaves its searches there and the next run
/// finishes them; searches whose manifest exists are skipped unless forced.
/// </summary>
internal static class LocalRun
{
    public const int ExitOk = 0, ExitFailures = 1, ExitBadUsage = 2, ExitCancelled = 130;

    public static async Task<int> ExecuteAsync(LocalSettings settings, IRunView view, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(settings.Output);
        var spoolRoot = Path.GetFullPath(settings.Spool);

        IReadOnlyList<ObservationInput> inputs;
        try
        {
            inputs = settings.Inputs.Count > 0
                ? ObservationInputs.Discover(settings.Inputs)
                : DemoObservations.Ensure(Path.GetFullPath(settings.DemoFolder), settings.DemoCount, DemoObservations.Options, view.Line);
        }
        catch (ArgumentException e)
        {
            view.Line($"error: {e.Message}");
            return ExitBadUsage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || settings.Inputs.Count == 0)
        {
            view.Line($"error: could not prepare the observations: {e.Message}");
            return ExitFailures;
        }

        var queue = SpoolQueue.Open(spoolRoot);
        if (queue.RecoveredLeases > 0)
            view.Line($"recovered {queue.RecoveredLeases} interrupted search(es) from {spoolRoot}");
        var queued = 0;
        foreach (var input in inputs)
            foreach (var algorithm in settings.Algorithms)
                if (await queue.EnqueueAsync(SearchSpec.Create(input.Observation, input.Path, algorithm, settings.Params), cancellationToken))
                    queued++;
        var waiting = queue.Count().Pending;
        view.Line(string.Create(CultureInfo.InvariantCulture,
            $"{inputs.Count} observation(s) × {settings.Algorithms.Count} algorithm(s): {waiting} search(es) waiting in {spoolRoot} ({queued} new); up to {settings.Parallel} at once"));

        var executor = new LocalProcessExecutor(new LocalExecutorOptions
        {
            Runner = RunnerCommand.CurrentProcess(),
            OutputRoot = output,
            WorkDirectory = Path.Combine(spoolRoot, "work"),
            OnOutputLine = view.OnRunnerLine,
        });
        executor.RemoveAbandonedScratch(queue.LeasedNames());
        var dispatcher = new SearchDispatcher(queue, executor, new LocalResultStore(output), new DispatcherOptions
        {
            MaxConcurrency = settings.Parallel,
            MaxAttempts = settings.MaxAttempts,
            Force = settings.Force,
        });

        var summary = await view.ShowAsync(waiting, () => dispatcher.RunUntilEmptyAsync(view.OnEvent, cancellationToken));
        Report(summary, output, spoolRoot, view);
        return summary.Cancelled ? ExitCancelled : summary.Failed > 0 ? ExitFailures : ExitOk;
    }

    private static void Report(DispatchSummary summary, string output, string spool, IRunView view)
    {
        view.Line("");
        view.Line(string.Create(CultureInfo.InvariantCulture,
            $"{(summary.Cancelled ? "Stopped" : "Finished")}: {summary.Observations} observation(s); searches {summary.Succeeded} done, {summary.Skipped} skipped (already complete), {summary.Failed} failed{(summary.Retries > 0 ? $", {summary.Retries} retried" : "")}"));
        view.Line(string.Create(CultureInfo.InvariantCulture, $"Hits: {summary.Hits}    Time: {summary.Elapsed.TotalSeconds:F1} s"));
        view.Line($"Results: {output}/<observation>/<algorithm>/ (filtered.npy, info_df.csv, header.json, manifest.json)");
        foreach (var (name, reason) in summary.Failures)
            view.Line($"failed {name}: {reason}");
        if (summary.Failed > 0) view.Line($"Failed searches are recorded in {Path.Combine(spool, "failed")}; runner logs in {Path.Combine(spool, "work")}");
        if (summary.Cancelled) view.Line($"Interrupted searches are back in {Path.Combine(spool, "pending")}; run the same command again to finish them.");
        view.Line($"view results: reservoir web {(output.Contains(' ') ? $"\"{output}\"" : output)}");
    }
}
