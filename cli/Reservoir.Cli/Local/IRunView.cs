using Reservoir.Core.Dispatch;
using Reservoir.Core.Requests;

namespace Reservoir.Cli.Local;

/// <summary>How <c>reservoir local</c> shows its work: live bars on a terminal, plain lines otherwise.</summary>
internal interface IRunView
{
    /// <summary>A line before or after the run (demo generation, queueing, the summary).</summary>
    void Line(string text);

    /// <summary>Shows progress while <paramref name="run"/> works through <paramref name="total"/> searches.</summary>
    Task<DispatchSummary> ShowAsync(int total, Func<Task<DispatchSummary>> run);

    /// <summary>One dispatcher event (delivered one at a time).</summary>
    void OnEvent(DispatchEvent e);

    /// <summary>A line the runner of <paramref name="spec"/> wrote; called from other threads, concurrently.</summary>
    void OnRunnerLine(SearchSpec spec, string line);
}
