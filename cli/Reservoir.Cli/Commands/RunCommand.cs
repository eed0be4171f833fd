using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Reservoir.Runner;
using Reservoir.Runner.Plugins;
using Reservoir.Runner.Running;
using Reservoir.Sdk;

namespace Reservoir.Cli.Commands;

/// <summary>
/// <c>reservoir run</c>: the pod entry point. Thin: parses options into a <see cref="RunRequest"/> and returns
/// <see cref="RunnerHost.RunAsync(RunRequest, ILoggerFactory?, CancellationToken)"/>'s exit code. Missing
/// options are checked here rather than by the parser so that they, too, exit 2
/// (terminal) with a termination message, as a misconfigured Job needs.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var algorithm = new Option<string>("--algorithm") { HelpName = "NAME", Description = "Algorithm to run (required; see the list below)" };
        var input = new Option<string>("--input") { HelpName = "URI", Description = "Observation file: path or file:// URI (.fil or BL .h5) (required)" };
        var output = new Option<string>("--output") { HelpName = "URI", Description = "Result prefix: folder or file:// URI; results go to <output>/<observation>/<algorithm>/ (required)" };
        var parameters = new Option<string[]>("--param") { HelpName = "NAME=VALUE", Description = "Algorithm parameter name=value; repeat for more", AllowMultipleArgumentsPerToken = false };
        var observation = new Option<string?>("--observation") { HelpName = "ID", Description = "Observation ID (default: input file name without .fil/.h5/.bl.h5)" };
        var plugins = new Option<string?>("--plugins") { HelpName = "DIR", Description = $"Plugins folder (default: env {PluginCatalog.PluginsVariable}, else <app>/plugins)" };
        var termination = new Option<string?>("--termination-message-path") { HelpName = "PATH", Description = $"Where to write the one-line outcome (default: env {TerminationMessage.PathVariable}, else /dev/termination-log if writable)" };

        var command = new Command("run", "Search one observation with one algorithm and publish filtered.npy, info_df.csv, header.json and manifest.json (last). Exit 0 done, 2 terminal (bad input/parameters/algorithm), 1 retryable.")
        {
            algorithm, input, output, parameters, observation, plugins, termination,
        };
        var help = new HelpOption();
        help.Action = new PluginHelpAction((HelpAction)help.Action!, plugins);
        command.Options.Add(help);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var terminationPath = parse.GetValue(termination);
            RunRequest request;
            try
            {
                var missing = new[] { algorithm, input, output }.Where(o => string.IsNullOrWhiteSpace(parse.GetValue(o))).Select(o => o.Name).ToList();
                if (missing.Count > 0) throw new BadInputException($"missing required option{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; see reservoir run --help");
                request = new RunRequest
                {
                    Algorithm = parse.GetValue(algorithm)!,
                    Input = parse.GetValue(input)!,
                    Output = parse.GetValue(output)!,
                    Parameters = ParameterBinder.ParsePairs(parse.GetValue(parameters) ?? []),
                    Observation = parse.GetValue(observation),
                    PluginsDirectory = parse.GetValue(plugins),
                    TerminationMessagePath = terminationPath,
                };
            }
            catch (BadInputException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                TerminationMessage.TryWrite(terminationPath, e.Message);
                return ExitCodes.Terminal;
            }

            // Logs go to stderr: stdout stays free for whoever drives the process.
            using var loggers = LoggerFactory.Create(builder => builder
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.UseUtcTimestamp = true; })
                .SetMinimumLevel(LogLevel.Information));
            // SIGTERM (Kubernetes stopping the pod) and Ctrl+C cancel the run: exit 1, no manifest. Handled here
            // so that the runner, not the runtime's default handler (exit 143), decides the exit code.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            var outcome = await RunnerHost.RunAsync(request, loggers, stop.Token);
            return outcome.ExitCode;
        });
        return command;
    }

    /// <summary>Standard help, then every discovered algorithm with its parameters (name, type, default, range, description).</summary>
    private sealed class PluginHelpAction(HelpAction standard, Option<string?> plugins) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var result = standard.Invoke(parseResult);
            var writer = parseResult.InvocationConfiguration.Output;
            var directory = PluginCatalog.ResolveDirectory(parseResult.GetValue(plugins));
            PluginCatalog catalog;
            try { catalog = PluginCatalog.Load(directory); }
            catch (PluginConflictException e)
            {
                writer.WriteLine($"Algorithms: cannot list them: {e.Message}");
                return result;
            }
            writer.WriteLine($"Algorithms (plugins folder {catalog.Directory}):");
            if (catalog.Algorithms.Count == 0) writer.WriteLine("  (none found)");
            foreach (var entry in catalog.Algorithms)
            {
                writer.WriteLine($"  {entry.Name} {entry.Version}  {entry.Description}");
                foreach (var p in entry.Parameters)
                {
                    var range = p.RangeText.Length > 0 ? $" range {p.RangeText}" : "";
                    writer.WriteLine($"    --param {p.Name}=<{p.TypeText}>  default {(p.DefaultText.Length > 0 ? p.DefaultText : "\"\"")}{range}  {p.Description}");
                }
            }
            foreach (var warning in catalog.Warnings) writer.WriteLine($"  warning: {warning}");
            return result;
        }
    }
}
