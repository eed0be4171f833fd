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
};
return await root.Parse(args).InvokeAsync();
