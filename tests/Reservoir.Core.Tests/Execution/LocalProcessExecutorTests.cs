using System.Diagnostics;
using Reservoir.Core.Execution;
using Reservoir.Core.Requests;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Core.Tests.Execution;

/// <summary>
/// Runs real child processes: a shell script stands in for the runner and behaves according to the
/// observation ID, so every exit path of the executor is exercised end to end.
/// </summary>
public sealed class LocalProcessExecutorTests : IDisposable
{
    private const string FakeRunner = """
        for a in "$@"; do
          case "$a" in
            --output=*) out="${a#--output=}" ;;
            --observation=*) obs="${a#--observation=}" ;;
            --algorithm=*) alg="${a#--algorithm=}" ;;
            --termination-message-path=*) tmp="${a#--termination-message-path=}" ;;
          esac
        done
        mkdir -p "$out"
        printf '%s\n' "$@" > "$out/$obs.args"
        echo "$TMPDIR" > "$out/$obs.tmpdir"
        touch "$TMPDIR/scratch-file"
        case "$obs" in
          ok*) mkdir -p "$out/$obs/$alg"; echo '{"hits": 4}' > "$out/$obs/$alg/manifest.json"; echo progress 100%; exit 0 ;;
          bad*) echo "input $obs truncated at offset 12" > "$tmp"; exit 2 ;;
          flaky*) echo "first line" >&2; echo "no space left on device" >&2; exit 1 ;;
          nomanifest*) exit 0 ;;
          sleep*) echo $$ > "$out/$obs.pid"; sleep 60; exit 0 ;;
          crash*) kill -9 $$ ;;
        esac
        exit 3
        """;

    private readonly TempDirectory _dir = new("executor-test");
    private readonly LocalProcessExecutor _executor;

    public LocalProcessExecutorTests()
    {
        var script = _dir.File("runner.sh");
        File.WriteAllText(script, FakeRunner);
        _executor = new LocalProcessExecutor(new LocalExecutorOptions
        {
            Runner = new RunnerCommand("/bin/sh", [script]),
            OutputRoot = _dir.File("results"),
            WorkDirectory = _dir.File("work"),
        });
    }

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SearchSpec Spec(string observation) =>
        SearchSpec.Create(observation, $"/in/{observation}.h5", "energy-detection", new Dictionary<string, string> { ["threshold"] = "-5" });

    [Fact]
    public async Task Execute_ExitZeroWithManifest_SucceedsWithHitsAndPassesEveryArgument()
    {
        var outcome = await _executor.ExecuteAsync(Spec("ok-1"), 1, Ct);

        var ok = Assert.IsType<SearchOutcome.Succeeded>(outcome);
        Assert.Equal(4, ok.Hits);
        Assert.Equal(Path.Combine(_dir.File("results"), "ok-1", "energy-detection"), ok.ResultLocation);
        var args = File.ReadAllLines(_dir.File("results/ok-1.args"));
        Assert.Equal("run", args[0]);
        Assert.Contains("--algorithm=energy-detection", args);
        Assert.Contains("--input=/in/ok-1.h5", args);
        Assert.Contains($"--output={_dir.File("results")}", args);
        Assert.Contains("--observation=ok-1", args);
        Assert.Contains("--param=threshold=-5", args);
        Assert.Contains(args, a => a.StartsWith("--termination-message-path=", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_dir.File("work"))); // log and termination file removed on success
    }

    [Fact]
    public async Task Execute_AnyOutcome_ChildScratchFolderRemoved_IncludingOneLeftByAKilledAttempt()
    {
        var spec = Spec("bad-2");
        var scratch = Path.Combine(_dir.File("work"), "scratch", spec.Name);
        Directory.CreateDirectory(scratch);
        File.WriteAllText(Path.Combine(scratch, "stale.npy"), "left by a killed attempt");

        await _executor.ExecuteAsync(spec, 1, Ct);

        Assert.Equal(scratch, File.ReadAllText(_dir.File("results/bad-2.tmpdir")).Trim());
        Assert.False(Directory.Exists(scratch));
    }

    [Fact]
    public void RemoveAbandonedScratch_KeepsOnlyFoldersOfLeasedSearches()
    {
        var root = Path.Combine(_dir.File("work"), "scratch");
        foreach (var name in new[] { "a-energy-detection-1", "b-energy-detection-2" }) Directory.CreateDirectory(Path.Combine(root, name));

        Assert.Equal(1, _executor.RemoveAbandonedScratch(new HashSet<string> { "b-energy-detection-2" }));

        Assert.Equal(["b-energy-detection-2"], Directory.GetDirectories(root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Execute_ExitTwo_IsTerminalWithTerminationMessage()
    {
        var outcome = await _executor.ExecuteAsync(Spec("bad-1"), 1, Ct);

        var failure = Assert.IsType<SearchOutcome.TerminalFailure>(outcome);
        Assert.StartsWith("input bad-1 truncated at offset 12", failure.Reason);
        Assert.Contains("exit 2", failure.Reason);
    }

    [Fact]
    public async Task Execute_ExitOne_IsRetryableWithLastStderrLine_AndKeepsTheLog()
    {
        var outcome = await _executor.ExecuteAsync(Spec("flaky-1"), 2, Ct);

        var failure = Assert.IsType<SearchOutcome.RetryableFailure>(outcome);
        Assert.StartsWith("no space left on device", failure.Reason);
        var log = Assert.Single(Directory.GetFiles(_dir.File("work"), "*.attempt2.log"));
        Assert.Contains("[stderr] first line", File.ReadAllText(log));
    }

    [Fact]
    public async Task Execute_ExitZeroWithoutManifest_IsRetryable()
    {
        var failure = Assert.IsType<SearchOutcome.RetryableFailure>(await _executor.ExecuteAsync(Spec("nomanifest"), 1, Ct));
        Assert.Contains("wrote no", failure.Reason);
    }

    [Fact]
    public async Task Execute_KilledBySignal_IsRetryable()
    {
        var failure = Assert.IsType<SearchOutcome.RetryableFailure>(await _executor.ExecuteAsync(Spec("crash"), 1, Ct));
        Assert.Contains("signal 9", failure.Reason);
    }

    [Fact]
    public async Task Execute_RunnerMissing_IsRetryableNotACrash()
    {
        var executor = new LocalProcessExecutor(new LocalExecutorOptions
        {
            Runner = new RunnerCommand(_dir.File("no-such-program"), []),
            OutputRoot = _dir.File("results"),
            WorkDirectory = _dir.File("work"),
        });
        var failure = Assert.IsType<SearchOutcome.RetryableFailure>(await executor.ExecuteAsync(Spec("ok"), 1, Ct));
        Assert.Contains("could not start the runner", failure.Reason);
    }

    [Fact]
    public async Task Execute_Cancelled_KillsTheChildAndThrows()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = _executor.ExecuteAsync(Spec("sleep-1"), 1, cts.Token);
        var pidFile = _dir.File("results/sleep-1.pid");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "fake runner never started");
            await Task.Delay(20, Ct);
        }
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());

        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // The child sleeps 60 s: returning well before that shows it was killed, not awaited (the margin is for a
        // loaded CI machine; this is not a speed requirement).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"cancellation took {watch.Elapsed}: the child was awaited, not killed");
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task Execute_PastTimeout_KilledAndRetryable()
    {
        var script = _dir.File("runner.sh");
        var executor = new LocalProcessExecutor(new LocalExecutorOptions
        {
            Runner = new RunnerCommand("/bin/sh", [script]),
            OutputRoot = _dir.File("results"),
            WorkDirectory = _dir.File("work"),
            Timeout = TimeSpan.FromMilliseconds(500),
        });
        var failure = Assert.IsType<SearchOutcome.RetryableFailure>(await executor.ExecuteAsync(Spec("sleep-2"), 1, Ct));
        Assert.Contains("time limit", failure.Reason);
    }

    [Fact]
    public void RunnerCommand_CurrentProcess_IsDotnetWithEntryAssemblyOrAnApphost()
    {
        var command = RunnerCommand.CurrentProcess();
        Assert.True(File.Exists(command.FileName));
        if (Path.GetFileNameWithoutExtension(command.FileName) == "dotnet")
            Assert.EndsWith(".dll", Assert.Single(command.LeadingArguments));
        else
            Assert.Empty(command.LeadingArguments);
    }
}
