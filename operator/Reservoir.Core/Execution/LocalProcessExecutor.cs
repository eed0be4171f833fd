using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Reservoir.Core.Requests;
using Reservoir.Core.Results;

namespace Reservoir.Core.Execution;

/// <summary>
/// Runs a search as a child process:
/// <c>{runner} run --algorithm=A --input=IN --output=OUT --observation=ID [--param=k=v]… --termination-message-path=TMP</c>.
/// Values are passed in <c>--name=value</c> form so that one starting with '-' is never read as an option.
/// Exit 0 with a manifest is success, exit 2 terminal, anything else (exit 1, a crash, a signal, a timeout)
/// retryable; the reason is the first line of the termination-message file, else the last line the runner
/// wrote to stderr. Cancelling kills the child and its descendants before the task ends.
/// The child's temp folder (TMPDIR, where the runner keeps its scratch files) is <c>{work}/scratch/{search}</c>:
/// removed when the child ends, and removed before a new attempt in case a killed host left one behind
/// (only one attempt of a search holds its lease at a time, so that folder is never in use by another).
/// </summary>
public sealed class LocalProcessExecutor : ISearchExecutor
{
    private const int TerminalExitCode = 2;
    private readonly LocalExecutorOptions _options;
    private readonly TimeProvider _time;

    public LocalProcessExecutor(LocalExecutorOptions options, TimeProvider? time = null)
    {
        options.Validate();
        _options = options with { OutputRoot = Path.GetFullPath(options.OutputRoot), WorkDirectory = Path.GetFullPath(options.WorkDirectory) };
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The arguments after the runner's leading ones, exactly as the child receives them.</summary>
    public IReadOnlyList<string> ArgumentsFor(SearchSpec spec, string terminationMessagePath)
    {
        var args = new List<string>(_options.Runner.LeadingArguments)
        {
            "run",
            $"--algorithm={spec.Algorithm}",
            $"--input={spec.Input}",
            $"--output={_options.OutputRoot}",
            $"--observation={spec.Observation}",
        };
        args.AddRange(spec.Params.Select(p => $"--param={p.Key}={p.Value}"));
        args.Add($"--termination-message-path={terminationMessagePath}");
        return args;
    }

    public async Task<SearchOutcome> ExecuteAsync(SearchSpec spec, int attempt, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.WorkDirectory);
        var stem = Path.Combine(_options.WorkDirectory, string.Create(CultureInfo.InvariantCulture, $"{spec.Name}.attempt{attempt}"));
        var terminationPath = stem + ".termination";
        var logPath = stem + ".log";
        File.Delete(terminationPath);

        var scratch = Path.Combine(_options.WorkDirectory, "scratch", spec.Name);
        DeleteFolder(scratch);
        Directory.CreateDirectory(scratch);
        try { return await RunChildAsync(spec, terminationPath, logPath, scratch, cancellationToken).ConfigureAwait(false); }
        finally { DeleteFolder(scratch); }
    }

    private async Task<SearchOutcome> RunChildAsync(SearchSpec spec, string terminationPath, string logPath, string scratch, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_options.Runner.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in ArgumentsFor(spec, terminationPath)) info.ArgumentList.Add(a);
        info.Environment["TMPDIR"] = scratch;

        var started = _time.GetTimestamp();
        using var log = new ChildLog(logPath);
        using var process = new Process { StartInfo = info };
        var onLine = _options.OnOutputLine;
        process.OutputDataReceived += (_, e) => Received(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Received(e.Data, isError: true);
        void Received(string? line, bool isError)
        {
            if (line is null) return;
            log.Write(line, isError);
            onLine?.Invoke(spec, line);
        }
        try { process.Start(); }
        catch (Win32Exception e)
        {
            return new SearchOutcome.RetryableFailure($"could not start the runner '{info.FileName}': {e.Message}", _time.GetElapsedTime(started));
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = _options.Timeout is { } limit ? new CancellationTokenSource(limit, _time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            File.Delete(terminationPath);
            cancellationToken.ThrowIfCancellationRequested();
            return new SearchOutcome.RetryableFailure($"runner killed after the {_options.Timeout} time limit (log: {logPath})", _time.GetElapsedTime(started));
        }

        var duration = _time.GetElapsedTime(started);
        var exitCode = process.ExitCode;
        var reason = ReadTerminationMessage(terminationPath) ?? log.LastErrorLine;
        File.Delete(terminationPath);
        log.Close();

        if (exitCode == 0)
        {
            var folder = Path.Combine(_options.OutputRoot, spec.Observation, spec.Algorithm);
            var manifest = Path.Combine(folder, LocalResultStore.ManifestFileName);
            if (File.Exists(manifest))
            {
                File.Delete(logPath);
                return new SearchOutcome.Succeeded(LocalResultStore.ReadHits(manifest), folder, duration);
            }
            return new SearchOutcome.RetryableFailure($"runner exited 0 but wrote no {manifest} (log: {logPath})", duration);
        }
        var because = reason ?? (exitCode > 128 ? $"runner killed by signal {exitCode - 128}" : $"runner exited with code {exitCode}");
        var message = $"{because} (exit {exitCode}; log: {logPath})";
        return exitCode == TerminalExitCode
            ? new SearchOutcome.TerminalFailure(message, duration)
            : new SearchOutcome.RetryableFailure(message, duration);
    }

    /// <summary>
    /// Removes scratch folders left by killed attempts, except those of <paramref name="inUse"/> searches (leased
    /// by a live process). Call at start-up: a search whose killed attempt had already finished is skipped
    /// later and would otherwise keep its scratch folder.
    /// </summary>
    public int RemoveAbandonedScratch(IReadOnlySet<string> inUse)
    {
        var root = Path.Combine(_options.WorkDirectory, "scratch");
        if (!Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var folder in Directory.GetDirectories(root))
        {
            if (inUse.Contains(Path.GetFileName(folder))) continue;
            DeleteFolder(folder);
            removed++;
        }
        return removed;
    }

    private static void DeleteFolder(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }            // best effort: a leftover scratch folder costs disk, not correctness
        catch (UnauthorizedAccessException) { }
    }

    private static void KillTree(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
    }

    private static string? ReadTerminationMessage(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var line = File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            return line;
        }
        catch (IOException) { return null; }
    }

    /// <summary>The child's stdout and stderr, interleaved into one log file; remembers the last stderr line.</summary>
    private sealed class ChildLog : IDisposable
    {
        private readonly Lock _gate = new();
        private StreamWriter? _writer;

        public ChildLog(string path) => _writer = new StreamWriter(path, append: false);

        public string? LastErrorLine { get; private set; }

        public void Write(string? line, bool isError)
        {
            if (line is null) return;
            lock (_gate)
            {
                _writer?.WriteLine(isError ? "[stderr] " + line : line);
                if (isError && line.Trim().Length > 0) LastErrorLine = line.Trim();
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                _writer?.Dispose();
                _writer = null;
            }
        }

        public void Dispose() => Close();
    }
}
