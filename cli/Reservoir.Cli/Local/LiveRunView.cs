using Reservoir.Core.Dispatch;
using Reservoir.Core.Requests;
using Spectre.Console;

namespace Reservoir.Cli.Local;

/// <summary>
/// Spectre.Console bars: one overall bar for all searches and one per running search, which follows the
/// runner's progress lines and disappears when the search ends. Finished searches are listed above.
/// </summary>
internal sealed class LiveRunView(IAnsiConsole console) : IRunView
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProgressTask> _running = new(StringComparer.Ordinal);
    private ProgressContext? _context;
    private ProgressTask? _overall;

    public void Line(string text) => console.MarkupLineInterpolated($"{text}");

    public async Task<DispatchSummary> ShowAsync(int total, Func<Task<DispatchSummary>> run) =>
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                lock (_gate)
                {
                    _context = context;
                    _overall = context.AddTask($"[bold]{total} searches[/]", maxValue: Math.Max(total, 1));
                }
                var summary = await run();
                lock (_gate) _overall.Value = _overall.MaxValue;
                return summary;
            });

    public void OnEvent(DispatchEvent e)
    {
        lock (_gate)
        {
            if (_context is null || _overall is null) return;
            var label = Markup.Escape($"{e.Spec.Observation} · {e.Spec.Algorithm}");
            switch (e)
            {
                case DispatchEvent.Started s:
                    var task = _context.AddTask(s.Attempt > 1 ? $"{label} (attempt {s.Attempt})" : label, maxValue: 100);
                    task.IsIndeterminate = true;
                    _running[e.Spec.Name] = task;
                    break;
                case DispatchEvent.Skipped s:
                    _overall.Increment(1);
                    console.MarkupLine($"[grey]skip[/]   {label}: result exists ({PlainRunView.Hits(s.Result.Hits)})");
                    break;
                case DispatchEvent.Succeeded s:
                    Finish(e.Spec);
                    _overall.Increment(1);
                    console.MarkupLine($"[green]done[/]   {label}: {PlainRunView.Hits(s.Outcome.Hits)} in {s.Outcome.Duration.TotalSeconds:F1} s");
                    break;
                case DispatchEvent.Retrying r:
                    Finish(e.Spec);
                    console.MarkupLine($"[yellow]retry[/]  {label}: {Markup.Escape(r.Reason)}");
                    break;
                case DispatchEvent.Failed f:
                    Finish(e.Spec);
                    _overall.Increment(1);
                    console.MarkupLine($"[red]failed[/] {label}: {Markup.Escape(f.Reason)}");
                    break;
            }
        }
    }

    public void OnRunnerLine(SearchSpec spec, string line)
    {
        if (RunnerProgress.Percent(line) is not { } percent) return;
        lock (_gate)
        {
            if (!_running.TryGetValue(spec.Name, out var task)) return;
            task.IsIndeterminate = false;
            task.Value = percent;
        }
    }

    private void Finish(SearchSpec spec)
    {
        if (!_running.Remove(spec.Name, out var task)) return;
        task.Value = task.MaxValue;
        task.StopTask();
    }
}
