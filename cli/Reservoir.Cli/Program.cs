using System.CommandLine;
using Reservoir.Cli.Commands;

// `reservoir`: one program for every role. `run` is what a Kubernetes Job's pod (and the local executor's
// child process) executes; `local` is the embedded mode; `synth` and `bench` make data and measure.
var root = new RootCommand("Reservoir: search astronomy observations with pluggable algorithms.")
{
    RunCommand.Create(),
    LocalCommand.Create(),
    SynthCommand.Create(),
    BenchCommand.Create(),
    PublishCommand.Create(),
    WebCommand.Create(),
};
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync();

// Usage errors (unknown option, missing argument) are bad input: exit 2, which a Job's podFailurePolicy
// treats as terminal, rather than System.CommandLine's default 1 (retryable).
return parsed.Errors.Count > 0 && exitCode == 1 ? 2 : exitCode;
