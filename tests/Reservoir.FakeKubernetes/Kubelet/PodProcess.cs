using System.Diagnostics;
using k8s.Models;

namespace Reservoir.FakeKubernetes.Kubelet;

/// <summary>
/// One pod's container as a local process: the image's command (or the container's own command) plus its
/// args, its env (fieldRef to the pod's name, namespace and uid resolved) and the kubelet's extra env, with the
/// container's terminationMessagePath rewritten to a file in the pod's folder. Output goes to a log file there.
/// </summary>
internal sealed class PodProcess
{
    private const int MaxMessageBytes = 4096;
    private readonly Process _process;
    private readonly string _messagePath;
    private readonly string _logPath;
    private readonly bool _fallbackToLogs;
    private readonly Lock _logGate = new();
    private StreamWriter? _log;

    private PodProcess(Process process, string messagePath, string logPath, bool fallbackToLogs)
    {
        _process = process;
        _messagePath = messagePath;
        _logPath = logPath;
        _fallbackToLogs = fallbackToLogs;
    }

    public static PodProcess Start(V1Pod pod, IReadOnlyList<string> entrypoint, FakeKubeletOptions options, string podDirectory)
    {
        var container = pod.Spec.Containers[0];
        var messagePathInPod = container.TerminationMessagePath ?? "/dev/termination-log";
        var messagePath = Path.Combine(podDirectory, "termination-log");
        string Rewrite(string s) => s.Replace(messagePathInPod, messagePath, StringComparison.Ordinal);

        var argv = (container.Command is { Count: > 0 } command ? (IEnumerable<string>)command : entrypoint).Concat(container.Args ?? []).Select(Rewrite).ToList();
        if (argv.Count == 0) throw new InvalidOperationException($"Pod {pod.Metadata.Name}: image '{container.Image}' has an empty command and the container sets none.");
        var info = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = options.WorkingDirectory ?? podDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1)) info.ArgumentList.Add(arg);
        foreach (var variable in container.Env ?? new List<V1EnvVar>())
            info.Environment[variable.Name] = Rewrite(variable.Value ?? FieldRef(pod, variable.ValueFrom?.FieldRef?.FieldPath) ?? "");
        foreach (var (name, value) in options.Environment) info.Environment[name] = value;

        var logPath = Path.Combine(podDirectory, "container.log");
        var running = new PodProcess(new Process { StartInfo = info }, messagePath, logPath, container.TerminationMessagePolicy == "FallbackToLogsOnError");
        running._log = new StreamWriter(logPath) { AutoFlush = true };
        running._process.OutputDataReceived += (_, e) => running.Log(e.Data);
        running._process.ErrorDataReceived += (_, e) => running.Log(e.Data);
        running._process.Start();
        running._process.BeginOutputReadLine();
        running._process.BeginErrorReadLine();
        return running;
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (_logGate) _log?.WriteLine(line);
    }

    private void CloseLog()
    {
        lock (_logGate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    /// <summary>Waits for the exit (cancellation leaves the process running: see <see cref="StopAsync"/>).</summary>
    public async Task<int> WaitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        CloseLog();
        return _process.ExitCode;
    }

    /// <summary>Kills the whole process tree if it still runs and waits (up to 30 s) until it is reaped.</summary>
    public async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(reaped.Token);
        }
        catch (InvalidOperationException) { /* never started or already gone */ }
        catch (OperationCanceledException) { /* unkillable (stuck in the kernel); give up waiting */ }
        CloseLog();
    }

    /// <summary>The termination message as the kubelet reports it: the file's first 4096 bytes, or the log's tail for FallbackToLogsOnError after a failure.</summary>
    public string TerminationMessage(int exitCode)
    {
        var message = File.Exists(_messagePath) ? Head(File.ReadAllBytes(_messagePath)) : "";
        if (message.Length == 0 && exitCode != 0 && _fallbackToLogs && File.Exists(_logPath))
        {
            var log = File.ReadAllBytes(_logPath);
            message = System.Text.Encoding.UTF8.GetString(log, Math.Max(0, log.Length - 2048), Math.Min(log.Length, 2048));
        }
        return message;
    }

    private static string Head(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxMessageBytes));

    private static string? FieldRef(V1Pod pod, string? path) => path switch
    {
        "metadata.name" => pod.Metadata.Name,
        "metadata.namespace" => pod.Metadata.NamespaceProperty,
        "metadata.uid" => pod.Metadata.Uid,
        "spec.nodeName" => pod.Spec.NodeName,
        "status.podIP" or "status.hostIP" => "127.0.0.1",
        _ => null,
    };
}
