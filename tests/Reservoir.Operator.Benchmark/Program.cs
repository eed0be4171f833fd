using System.CommandLine;
using Reservoir.Operator.Benchmark;
using Reservoir.Operator.Benchmark.Operator;

// `reservoir-operator-bench`: dispatch latency publish -> Job, Jobs/s and the operator's RSS while it tracks many
// Searches, against the Pub/Sub emulator and the fake API server. Run on purpose; never part of the tests.
var rate = new Option<double>("--rate") { Description = "Steady publish rate, messages/s.", DefaultValueFactory = _ => 100 };
var duration = new Option<double>("--duration") { Description = "Seconds of the steady phase.", DefaultValueFactory = _ => 30 };
var burst = new Option<int>("--burst") { Description = "Messages published at once after the steady phase (0: none).", DefaultValueFactory = _ => 1000 };
var track = new Option<int>("--track") { Description = "Searches the operator tracks when its memory is read (filled through the API).", DefaultValueFactory = _ => 10_000 };
var quick = new Option<bool>("--quick") { Description = "Small sizes for a smoke check (overrides the sizes above)." };
var mode = new Option<OperatorMode>("--operator")
{
    Description = "Real: the built reservoir-operator program; StandIn: only its intake and controller loops in a child process " +
                  "(reports allocations and CPU per Job); InProcess: those loops inside the bench.",
    DefaultValueFactory = _ => OperatorMode.Real,
};
var operatorExe = new Option<string?>("--operator-exe") { Description = "The reservoir-operator program (default: the copy next to this one)." };
var emulator = new Option<string?>("--pubsub-emulator") { Description = "host:port of a running Pub/Sub emulator (default: start one)." };
var requireTargets = new Option<bool>("--require-targets") { Description = "Exit 1 when a target is missed." };

var root = new RootCommand("Benchmark of the Reservoir operator: dispatch latency, Jobs/s, RSS.")
{
    rate, duration, burst, track, quick, mode, operatorExe, emulator, requireTargets, OperatorCommand(),
};
root.SetAction(async (parse, cancellationToken) =>
{
    var options = new BenchOptions
    {
        Rate = parse.GetValue(rate), Duration = TimeSpan.FromSeconds(parse.GetValue(duration)), Burst = parse.GetValue(burst),
        Track = parse.GetValue(track), Operator = parse.GetValue(mode), OperatorExecutable = parse.GetValue(operatorExe), PubSubEmulator = parse.GetValue(emulator),
    };
    if (parse.GetValue(quick)) options = BenchOptions.Quick(options);
    try { options.Validate(); }
    catch (ArgumentException e)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 2;
    }
    var report = await new BenchRunner(options, Console.Out).RunAsync(cancellationToken);
    Console.WriteLine();
    report.Print(Console.Out);
    return parse.GetValue(requireTargets) && !report.AllMet ? 1 : 0;
});
return await root.Parse(args).InvokeAsync();

// The operator under test, started by the bench as its child (stands in for `reservoir-operator`).
static Command OperatorCommand()
{
    Option<string> Required(string name) => new(name) { Required = true };
    var api = Required("--api-server");
    var pubsub = Required("--pubsub");
    var project = Required("--project");
    var subscription = Required("--subscription");
    var deadLetter = Required("--dead-letter-topic");
    var ns = Required("--namespace");
    var command = new Command("operator", "Run the operator's intake and controller (used by the bench itself).")
    {
        api, pubsub, project, subscription, deadLetter, ns,
    };
    command.Hidden = true;
    command.SetAction((parse, cancellationToken) => StandInOperator.RunAsync(new OperatorTarget(parse.GetValue(api)!, parse.GetValue(pubsub)!,
        parse.GetValue(project)!, parse.GetValue(subscription)!, parse.GetValue(deadLetter)!, parse.GetValue(ns)!), cancellationToken));
    return command;
}
