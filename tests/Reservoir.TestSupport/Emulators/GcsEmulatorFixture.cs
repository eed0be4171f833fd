using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Reservoir.TestSupport.Emulators;

/// <summary>
/// A Cloud Storage JSON API emulator (firebase-tools' storage emulator, started by our launcher
/// <c>tools/gcs-emulator/launch.js</c> with Node) on a free loopback port, stopped on dispose. Use it as a
/// class or collection fixture. When node or the installed firebase-tools (<c>npm install --ignore-scripts</c>
/// in tools/gcs-emulator, done by .ci/run) are missing, <see cref="Require"/> fails under CI=true and skips
/// elsewhere. Buckets need no creation: the emulator makes them on first use. It keeps objects in memory and
/// in a private temporary folder that the launcher deletes on exit.
/// </summary>
public sealed class GcsEmulatorFixture : IAsyncDisposable, Xunit.IAsyncLifetime
{
    private const string ReadyLine = "gcs-emulator ready ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _log = new();
    private readonly Lock _gate = new();
    private Process? _node;
    private string? _missing;

    /// <summary>The emulator's address, <c>http://127.0.0.1:PORT</c>: the value for <c>STORAGE_EMULATOR_HOST</c>.</summary>
    public string Host { get; private set; } = "";

    /// <summary>What the emulator printed so far (for failure messages).</summary>
    public string Log
    {
        get { lock (_gate) return _log.ToString(); }
    }

    /// <summary>Call first in every test: fails (CI) or skips when the emulator is not installed.</summary>
    public void Require()
    {
        if (_missing is not null) TestSupport.Require.Missing(_missing);
    }

    public async ValueTask InitializeAsync()
    {
        var folder = Path.Combine(RepoRoot.Find(), "tools", "gcs-emulator");
        var node = FindOnPath("node");
        var installed = File.Exists(Path.Combine(folder, "node_modules", "firebase-tools", "package.json"));
        if (node is null || !installed)
        {
            _missing = node is null ? "node (Debian package nodejs), needed by the GCS emulator"
                : $"the GCS emulator (firebase-tools in {folder}/node_modules: run npm install --ignore-scripts there)";
            return;
        }
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++) // a free port can be taken between probing and binding
        {
            try
            {
                await StartAsync(node, folder, LoopbackPort.Free());
                return;
            }
            catch (InvalidOperationException e) { last = e; await StopAsync(); }
        }
        throw new InvalidOperationException($"the GCS emulator did not start: {last?.Message}", last);
    }

    private async Task StartAsync(string node, string folder, int port)
    {
        var info = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true, // the launcher exits when this closes, even if we die
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(folder, "launch.js"), "--host", "127.0.0.1", "--port", port.ToString() }) info.ArgumentList.Add(a);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Append(e.Data);
            if (e.Data.StartsWith(ReadyLine, StringComparison.Ordinal)) ready.TrySetResult(e.Data[ReadyLine.Length..].Trim());
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Append(e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the emulator exited before it was ready:\n{Log}"));
        process.Start();
        _node = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Host = await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"the emulator was not ready within {StartTimeout}:\n{Log}");
        }
    }

    private async Task StopAsync()
    {
        if (_node is not { } node) return;
        _node = null;
        try
        {
            if (!node.HasExited)
            {
                node.StandardInput.Close(); // asks the launcher to stop the emulator and clean up
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await node.WaitForExitAsync(wait.Token); }
                catch (OperationCanceledException) { node.Kill(entireProcessTree: true); await node.WaitForExitAsync(); }
            }
        }
        catch (InvalidOperationException) { }
        node.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Append(string line)
    {
        lock (_gate) _log.AppendLine(line);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
