using System.Diagnostics;
using System.Text;
using Xunit;

namespace Reservoir.TestSupport.Processes;

/// <summary>What a finished child process printed and how it ended.</summary>
public sealed record ChildProcessResult(int ExitCode, string StdOut, string StdErr, string Output)
{
    /// <summary>For <c>var (exit, output) = …</c>: the exit code and stdout and stderr interleaved as printed.</summary>
    public void Deconstruct(out int exitCode, out string output)
    {
        exitCode = ExitCode;
        output = Output;
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}

/// <summary>
/// A program started by a test, its output captured (separately and interleaved), its environment given per
/// process: <paramref name="environment"/> entries are set for this child only (a null value removes the
/// variable), so parallel tests never share settings through this process's environment. Disposing kills the
/// whole process tree if it is still running.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly string _commandLine;

    private ChildProcess(Process process, string commandLine)
    {
        Process = process;
        _commandLine = commandLine;
    }

    public Process Process { get; }

    /// <summary>Stdout and stderr so far, lines interleaved as they arrived.</summary>
    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, $"{fileName} {string.Join(' ', info.ArgumentList)}");
        process.OutputDataReceived += (_, e) => child.Append(child._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        return child;
    }

    /// <summary>Starts a program, waits for it to exit and returns what it printed; fails the test (and kills it) after <paramref name="timeout"/>.</summary>
    public static async Task<ChildProcessResult> RunAsync(string fileName, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null)
    {
        using var child = Start(fileName, args, workingDirectory, environment, stdin);
        return await child.WaitAsync(timeout);
    }

    /// <summary>Waits for the exit (and the end of its output); fails the test and kills the process after <paramref name="timeout"/>.</summary>
    public async Task<ChildProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try { await Process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"{_commandLine} did not finish within {timeout}:\n{Output}");
        }
        lock (_gate) return new ChildProcessResult(Process.ExitCode, _stdout.ToString(), _stderr.ToString(), _output.ToString());
    }

    private void Append(StringBuilder stream, string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            stream.AppendLine(line);
            _output.AppendLine(line);
        }
    }

    private void Kill()
    {
        try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }
}
