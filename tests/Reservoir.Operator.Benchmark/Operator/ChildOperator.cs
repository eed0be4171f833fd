using System.Diagnostics;
using System.Reflection;

namespace Reservoir.Operator.Benchmark.Operator;

/// <summary>
/// The stand-in operator (<see cref="StandInOperator"/>) started as a child process of this same program
/// (hidden command <c>operator</c>), so its memory is its own. Killed on dispose.
/// </summary>
public sealed class ChildOperator : IOperatorUnderTest
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _log = [];
    private volatile OperatorStats? _stats;
    private readonly TaskCompletionSource<long> _live = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Asks the child for a full compacting GC; returns its live managed bytes afterwards.</summary>
    public async Task<long> CollectAsync(CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(StandInOperator.GcCommand.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        return await _live.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _timings = new(StringComparer.Ordinal);

    /// <summary>The latest <see cref="CallTimings"/> lines the child printed.</summary>
    public IReadOnlyList<string> Timings => _timings.Values.Order(StringComparer.Ordinal).ToList();

    private ChildOperator(Process process) => _process = process;

    public string Description => $"child process {_process.Id} (stand-in: intake + controller, no HTTP endpoints)";
    public int ProcessId => _process.Id;
    public OperatorStats? LatestStats => _stats;

    public static async Task<ChildOperator> StartAsync(OperatorTarget target, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // Under `dotnet reservoir-operator-bench.dll` the process path is dotnet itself: pass the assembly too.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in new[] { "operator", "--api-server", target.ApiServer, "--pubsub", target.PubSubHost, "--project", target.Project,
                     "--subscription", target.Subscription, "--dead-letter-topic", target.DeadLetterTopic, "--namespace", target.Namespace })
            info.ArgumentList.Add(a);
        var child = new ChildOperator(new Process { StartInfo = info });
        child._process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();

        var exited = child._process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(child._ready.Task, exited, Task.Delay(ReadyTimeout, cancellationToken));
        if (first == child._ready.Task) return child;
        var why = first == exited ? $"exited with code {child._process.ExitCode}" : $"was not ready within {ReadyTimeout}";
        var log = child.Log();
        await child.DisposeAsync();
        throw new InvalidOperationException($"the operator child process {why}:\n{log}");
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        if (line == StandInOperator.Ready) _ready.TrySetResult();
        else if (line.StartsWith(StandInOperator.LivePrefix + " ", StringComparison.Ordinal)) _live.TrySetResult(long.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture));
        else if (OperatorStats.Parse(line) is { } stats) _stats = stats;
        else if (line.StartsWith(CallTimings.Prefix + " ", StringComparison.Ordinal)) _timings[line.Split(' ')[1]] = line;
        else Keep(line);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log) { _log.Add(line); if (_log.Count > 200) _log.RemoveAt(0); }
    }

    public string Log() { lock (_log) return string.Join('\n', _log); }

    public async ValueTask DisposeAsync()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _process.WaitForExitAsync(grace.Token); }
        catch (OperationCanceledException)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
