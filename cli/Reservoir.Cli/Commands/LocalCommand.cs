using System.CommandLine;
using System.Runtime.InteropServices;
using Reservoir.Cli.Local;
using Reservoir.Core.Requests;
using Spectre.Console;

namespace Reservoir.Cli.Commands;

/// <summary>
/// <c>reservoir local [observations…]</c>: the embedded mode. With no observations it generates the demo set
/// and searches it; given files or folders, it searches those. Results go to a folder laid out as the bucket.
/// </summary>
internal static class LocalCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("observations")
        {
            Description = "Observation files (.h5, .fil) or folders of them. None: generate demo observations and search those.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Results folder: <output>/<observation>/<algorithm>/",
            DefaultValueFactory = _ => Path.Combine("reservoir-demo", "results"),
        };
        var spool = new Option<string>("--spool")
        {
            Description = "Queue folder; searches left there by an interrupted run are finished first",
            DefaultValueFactory = _ => Path.Combine("reservoir-demo", "spool"),
        };
        var demoFolder = new Option<string>("--demo-folder")
        {
            Description = "Where demo observations are generated when none are given",
            DefaultValueFactory = _ => Path.Combine("reservoir-demo", "observations"),
        };
        var demoCount = new Option<int>("--demo-count")
        {
            Description = "How many demo observations to generate",
            DefaultValueFactory = _ => 4,
        };
        var algorithms = new Option<string[]>("--algorithm", "-a")
        {
            Description = "Algorithm to run (repeatable)",
            DefaultValueFactory = _ => ["energy-detection"],
            AllowMultipleArgumentsPerToken = false,
        };
        var parallel = new Option<int>("--parallel", "-j")
        {
            Description = "Searches running at once",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var maxAttempts = new Option<int>("--max-attempts")
        {
            Description = "Attempts per search before a retryable failure is final",
            DefaultValueFactory = _ => 3,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Search again even where a complete result exists",
        };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "Algorithm parameter key=value, given to every algorithm (repeatable)",
            DefaultValueFactory = _ => [],
        };
        var plain = new Option<bool>("--plain")
        {
            Description = "Plain progress lines instead of live bars (automatic when output is not a terminal)",
        };

        var serve = new Option<bool>("--serve")
        {
            Description = "After the run, serve the results in a web browser (reservoir web) until Ctrl+C",
        };
        var url = new Option<string>("--url")
        {
            Description = "Address for --serve (port 0 picks a free one)",
            DefaultValueFactory = _ => Reservoir.Web.WebOptions.DefaultUrl,
        };

        var command = new Command("local", "Search observations on this machine: a spool queue, local runner processes, a results folder.")
        {
            inputs, output, spool, demoFolder, demoCount, algorithms, parallel, maxAttempts, force, parameters, plain, serve, url,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Checked here rather than in a validator: a command validator does not see option defaults.
            var errors = new List<string>();
            if (parseResult.GetValue(parallel) is < 1 or > 256) errors.Add("--parallel must be between 1 and 256");
            if (parseResult.GetValue(maxAttempts) is < 1 or > 100) errors.Add("--max-attempts must be between 1 and 100");
            if (parseResult.GetValue(demoCount) is < 1 or > 1000) errors.Add("--demo-count must be between 1 and 1000");
            foreach (var a in parseResult.GetValue(algorithms) ?? [])
                if (!SearchName.IsDns1123Label(a)) errors.Add($"--algorithm '{a}' is not a valid algorithm name (lowercase letters, digits and '-')");
            foreach (var p in parseResult.GetValue(parameters) ?? [])
                if (ParseParam(p) is null) errors.Add($"--param '{p}' must be key=value (key: letters, digits, '_', '-', '.')");
            if (errors.Count > 0)
            {
                foreach (var e in errors) Console.Error.WriteLine($"error: {e}");
                return LocalRun.ExitBadUsage;
            }

            var settings = new LocalSettings
            {
                Inputs = parseResult.GetValue(inputs) ?? [],
                Output = parseResult.GetValue(output)!,
                Spool = parseResult.GetValue(spool)!,
                DemoFolder = parseResult.GetValue(demoFolder)!,
                DemoCount = parseResult.GetValue(demoCount),
                Algorithms = (parseResult.GetValue(algorithms) ?? []).Distinct(StringComparer.Ordinal).ToList(),
                Params = (parseResult.GetValue(parameters) ?? []).Select(p => ParseParam(p)!.Value)
                    .GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
                Parallel = parseResult.GetValue(parallel),
                MaxAttempts = parseResult.GetValue(maxAttempts),
                Force = parseResult.GetValue(force),
                Plain = parseResult.GetValue(plain),
            };
            // System.CommandLine 2.0.0 leaves SIGINT/SIGTERM unhandled (its ProcessTerminationTimeout is null,
            // dotnet/command-line-api#2739), which would kill this process mid-search. The first signal stops
            // the run gracefully (runners killed, their searches back in the queue); a second one is not caught.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(PosixSignalContext context)
            {
                if (stop.IsCancellationRequested) return;
                context.Cancel = true;
                stop.Cancel();
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            var interactive = !settings.Plain && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            IRunView view = interactive ? new LiveRunView(AnsiConsole.Console) : new PlainRunView(Console.Out);
            var exitCode = await LocalRun.ExecuteAsync(settings, view, stop.Token);
            if (!parseResult.GetValue(serve) || stop.IsCancellationRequested || exitCode == LocalRun.ExitBadUsage) return exitCode;
            var web = new Reservoir.Web.WebOptions { Root = Path.GetFullPath(settings.Output), Url = parseResult.GetValue(url)! };
            var served = await WebCommand.ServeAsync(web, Console.Out, Console.Error, stop.Token);
            return served != WebCommand.ExitOk ? served : exitCode;
        });
        return command;
    }

    private static KeyValuePair<string, string>? ParseParam(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) return null;
        var key = text[..eq].Trim();
        if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return null;
        return new KeyValuePair<string, string>(key, text[(eq + 1)..]);
    }
}
