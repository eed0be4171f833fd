using System.Diagnostics;
using Reservoir.FakeKubernetes;

namespace Reservoir.Operator.Benchmark.Operator;

/// <summary>
/// The built <c>reservoir-operator</c> program (copied next to this one by the project reference), run as the
/// deployment runs it, leader election and /metrics included, against the fake API server and the emulator. It
/// counts as ready when both of its watches (Searches, and Jobs by label) are open on the fake API server.
/// </summary>
public sealed class RealOperator : IOperatorUnderTest
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly TempFolder _folder;
    private readonly List<string> _log = [];

    private RealOperator(Process process, TempFolder folder)
    {
        _process = process;
        _folder = folder;
    }

    public string Description => $"reservoir-operator, process {_process.Id} (leader election, /metrics, text logs at Warning)";
    public int ProcessId => _process.Id;
    public OperatorStats? LatestStats => null;

    public static async Task<RealOperator> StartAsync(OperatorTarget target, FakeApiServer api, string? executable, CancellationToken cancellationToken)
    {
        executable ??= Path.Combine(AppContext.BaseDirectory, "reservoir-operator");
        if (!File.Exists(executable)) throw new FileNotFoundException($"the operator program {executable} does not exist (build operator/Reservoir.Operator or pass --operator-exe)");
        var folder = new TempFolder();
        var registry = Path.Combine(folder.Path, "algorithms.yaml");
        await File.WriteAllTextAsync(registry, "energy-detection:\n  image: reservoir-algorithm:bench\n", cancellationToken);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["PUBSUB_EMULATOR_HOST"] = target.PubSubHost;
        // The memory settings the chart's Deployment and Dockerfile.operator ship, unless the caller's environment sets them.
        info.Environment.TryAdd("MALLOC_ARENA_MAX", "2");
        info.Environment.TryAdd("DOTNET_GCgen0size", "400000");
        foreach (var a in new[]
                 {
                     "--api-server", target.ApiServer, "--namespace", target.Namespace,
                     "--subscription", $"projects/{target.Project}/subscriptions/{target.Subscription}",
                     "--dead-letter-topic", $"projects/{target.Project}/topics/{target.DeadLetterTopic}",
                     "--output", "gs://bench-results", "--input-root", "gs://bench-observations", "--registry", registry,
                     "--metrics-port", "0", "--identity", "bench", "--log-level", "Warning",
                 })
            info.ArgumentList.Add(a);
        var op = new RealOperator(new Process { StartInfo = info }, folder);
        op._process.OutputDataReceived += (_, e) => op.Keep(e.Data);
        op._process.ErrorDataReceived += (_, e) => op.Keep(e.Data);
        op._process.Start();
        op._process.BeginOutputReadLine();
        op._process.BeginErrorReadLine();

        var end = DateTime.UtcNow + ReadyTimeout;
        while (!WatchesOpen(api))
        {
            if (op._process.HasExited || DateTime.UtcNow > end)
            {
                var why = op._process.HasExited ? $"exited with code {op._process.ExitCode}" : $"did not open its watches within {ReadyTimeout}";
                var log = op.Log();
                await op.DisposeAsync();
                throw new InvalidOperationException($"reservoir-operator {why}:\n{log}");
            }
            await Task.Delay(50, cancellationToken);
        }
        return op;
    }

    private static bool WatchesOpen(FakeApiServer api)
    {
        var requests = api.Requests;
        return requests.Any(r => r.Verb == "watch" && r.Resource == "searches")
            && requests.Any(r => r.Verb == "watch" && r.Resource == "jobs" && r.Query.Contains("labelSelector", StringComparison.Ordinal));
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log) { _log.Add(line); if (_log.Count > 200) _log.RemoveAt(0); }
    }

    public string Log() { lock (_log) return string.Join('\n', _log); }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first (the graceful path), then kill.
            try { Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit(); }
            catch (System.ComponentModel.Win32Exception) { }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
        _folder.Dispose();
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("reservoir-operator-bench-").FullName;
        public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
    }
}
