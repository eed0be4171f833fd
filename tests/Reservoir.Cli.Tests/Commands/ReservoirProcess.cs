using System.Diagnostics;
using System.Text;
using Xunit;

namespace Reservoir.Cli.Tests.Commands;

/// <summary>
/// The built <c>reservoir</c> program, started as users start it (<c>dotnet reservoir.dll …</c>) from this
/// test's output folder, where the CLI project copies itself and its plugins.
/// </summary>
internal sealed class ReservoirProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private ReservoirProcess(Process process) => Process = process;

    public Process Process { get; }

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "reservoir.dll");

    public static ReservoirProcess Start(string workingDirectory, params string[] args)
    {
        Assert.True(File.Exists(Dll), $"{Dll} is missing: the test project must reference the CLI project");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        var wrapper = new ReservoirProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs to the end and returns the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var run = Start(workingDirectory, args);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try { await run.Process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            run.Process.Kill(entireProcessTree: true);
            Assert.Fail($"reservoir {string.Join(' ', args)} did not finish within {timeout}:\n{run.Output}");
        }
        return (run.Process.ExitCode, run.Output);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }

    public void Dispose()
    {
        try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        Process.Dispose();
    }
}
