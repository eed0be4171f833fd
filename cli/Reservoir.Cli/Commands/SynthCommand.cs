using System.CommandLine;

namespace Reservoir.Cli.Commands;

// Placeholder: replaced by the real `synth` command.
internal static class SynthCommand
{
    public static Command Create() => new("synth", "(not built yet)");
}
