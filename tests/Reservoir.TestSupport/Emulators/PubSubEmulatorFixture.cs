using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Reservoir.TestSupport.Emulators;

/// <summary>
/// The real Google Pub/Sub emulator (package google-cloud-cli-pubsub-emulator), started with <c>java -jar</c> on a
/// free loopback port when the fixture is created and killed (its java PID) when disposed. Use it as a collection
/// fixture so one emulator serves a whole test collection. When java or the jar is missing, <see cref="Require"/>
/// fails under CI=true and skips elsewhere. The emulator keeps state in memory only: <see cref="RestartAsync"/>
/// brings it back on the same port with no topics or subscriptions.
/// </summary>
public sealed class PubSubEmulatorFixture : IAsyncLifetime
{
    private const string Package = "google-cloud-cli-pubsub-emulator";
    private const string DefaultJarFolder = "/usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private Process? _java;
    private string? _missing;
    private string _log = "";

    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:PORT</c>, the value of <c>PUBSUB_EMULATOR_HOST</c>.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>Call first in every test: fails (CI) or skips when the emulator could not be started.</summary>
    public void Require()
    {
        if (_missing is not null) TestSupport.Require.Missing(_missing);
    }

    public async ValueTask InitializeAsync()
    {
        var jar = FindJar();
        var java = FindOnPath("java");
        if (jar is null || java is null)
        {
            _missing = $"the Pub/Sub emulator ({(java is null ? "java" : "")}{(java is null && jar is null ? " and " : "")}{(jar is null ? $"{Package}'s cloud-pubsub-emulator-*-all.jar" : "")})";
            return;
        }
        Port = LoopbackPort.Free();
        await StartAsync(java, jar);
    }

    /// <summary>Kills the emulator and waits until its port refuses connections.</summary>
    public async Task StopAsync()
    {
        if (_java is null) return;
        try { if (!_java.HasExited) _java.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        await _java.WaitForExitAsync();
        _java.Dispose();
        _java = null;
    }

    /// <summary>Starts a fresh emulator on the same port (all topics and subscriptions are gone).</summary>
    public async Task StartAgainAsync() => await StartAsync(FindOnPath("java")!, FindJar()!);

    /// <summary>Stop, then start again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _probe.Dispose();
    }

    private async Task StartAsync(string java, string jar)
    {
        var info = new ProcessStartInfo(java)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-Xmx256m", "-jar", jar, "--host=127.0.0.1", $"--port={Port}" }) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _java = process;

        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the Pub/Sub emulator exited with code {process.ExitCode} while starting on port {Port}:\n{_log}");
            try
            {
                using var response = await _probe.GetAsync($"http://{HostPort}/");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        await StopAsync();
        throw new TimeoutException($"the Pub/Sub emulator did not answer on port {Port} within {StartTimeout}:\n{_log}");
    }

    private void AppendLog(string? line)
    {
        if (line is not null) lock (_probe) _log += line + "\n";
    }

    /// <summary>The jar named by PUBSUB_EMULATOR_JAR, else the one the package lists (dpkg -L), else the usual folder.</summary>
    private static string? FindJar()
    {
        if (Environment.GetEnvironmentVariable("PUBSUB_EMULATOR_JAR") is { Length: > 0 } explicitJar)
            return File.Exists(explicitJar) ? explicitJar : null;
        if (FindOnPath("dpkg") is { } dpkg)
        {
            try
            {
                var info = new ProcessStartInfo(dpkg, ["-L", Package]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var process = Process.Start(info)!;
                var listing = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                var jar = listing.Split('\n')
                    .Select(l => l.Trim())
                    .FirstOrDefault(l => Path.GetFileName(l) is var n && n.StartsWith("cloud-pubsub-emulator-", StringComparison.Ordinal) && n.EndsWith("-all.jar", StringComparison.Ordinal));
                if (jar is not null && File.Exists(jar)) return jar;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return Directory.Exists(DefaultJarFolder)
            ? Directory.GetFiles(DefaultJarFolder, "cloud-pubsub-emulator-*-all.jar").OrderDescending().FirstOrDefault()
            : null;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
