using System.Globalization;
using Reservoir.Core.Dispatch;
using Reservoir.Core.Requests;

namespace Reservoir.Cli.Local;

/// <summary>One line per event, for logs and CI (stdout not a terminal, or <c>--plain</c>).</summary>
internal sealed class PlainRunView(TextWriter output) : IRunView
{
    private readonly Lock _gate = new();
    private int _total, _finished;

    public void Line(string text)
    {
        lock (_gate) output.WriteLine(text);
    }

    public async Task<DispatchSummary> ShowAsync(int total, Func<Task<DispatchSummary>> run)
    {
        _total = total;
        return await run();
    }

    public void OnEvent(DispatchEvent e)
    {
        var label = $"{e.Spec.Observation} {e.Spec.Algorithm}";
        var text = e switch
        {
            DispatchEvent.Started s => $"start   {label} (attempt {s.Attempt})",
            DispatchEvent.Skipped s => $"{Counter()} skip    {label}: result exists ({Hits(s.Result.Hits)})",
            DispatchEvent.Succeeded s => $"{Counter()} done    {label}: {Hits(s.Outcome.Hits)} in {s.Outcome.Duration.TotalSeconds:F1} s",
            DispatchEvent.Retrying r => $"retry   {label} after attempt {r.Attempt}: {r.Reason}",
            DispatchEvent.Failed f => $"{Counter()} FAILED  {label} ({(f.Terminal ? "terminal" : $"after {f.Attempt} attempts")}): {f.Reason}",
            _ => $"{e.GetType().Name} {label}",
        };
        Line(string.Create(CultureInfo.InvariantCulture, $"{text}"));
    }

    // Runner output goes to its log file; plain mode keeps the console to one line per event.
    public void OnRunnerLine(SearchSpec spec, string line) { }

    private string Counter() => string.Create(CultureInfo.InvariantCulture, $"[{++_finished}/{Math.Max(_total, _finished)}]");

    internal static string Hits(long hits) => hits < 0 ? "hits unknown" : hits == 1 ? "1 hit" : string.Create(CultureInfo.InvariantCulture, $"{hits} hits");
}
