using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Reservoir.Storage.Locations;
using Reservoir.Web;

namespace Reservoir.Cli.Commands;

/// <summary>
/// <c>reservoir web [ROOT] [--url URL]</c>: serves the results under a folder or <c>gs://</c> prefix as a
/// read-only site until Ctrl+C. Also used by <c>reservoir local --serve</c> after its run.
/// </summary>
internal static class WebCommand
{
    public const int ExitOk = 0, ExitFailed = 1, ExitBadUsage = 2;

    public static Command Create()
    {
        var root = new Argument<string>("root")
        {
            Description = "Results folder or gs://bucket/prefix, laid out as <root>/<observation>/<algorithm>/",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => Path.Combine("reservoir-demo", "results"),
        };
        var url = new Option<string>("--url")
        {
            Description = "Address to listen on (port 0 picks a free one)",
            DefaultValueFactory = _ => WebOptions.DefaultUrl,
        };
        var command = new Command("web", "Browse results (observations, hits, stamps, classifications) in a web browser; read-only.") { root, url };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            var options = new WebOptions { Root = parseResult.GetValue(root)!, Url = parseResult.GetValue(url)! };
            return await ServeAsync(options, Console.Out, Console.Error, stop.Token);
        });
        return command;
    }

    /// <summary>
    /// Starts the site, prints "view results: URL", and serves until <paramref name="cancellationToken"/> fires.
    /// Returns 2 for bad options or an unusable root, 1 when the address cannot be bound.
    /// </summary>
    public static async Task<int> ServeAsync(WebOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ResultsServer server;
        try
        {
            server = await ResultsServer.StartAsync(options, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or UnsupportedLocationException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitBadUsage;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            await error.WriteLineAsync($"error: cannot listen on {options.Url}: {e.Message} (choose another with --url)");
            return ExitFailed;
        }
        await using (server)
        {
            await output.WriteLineAsync($"view results: {server.Url}  (serving {options.Root}; Ctrl+C to stop)");
            await server.WaitForShutdownAsync(cancellationToken);
        }
        return ExitOk;
    }
}
