using System.CommandLine;

namespace Reservoir.Cli.Commands;

// Placeholder: replaced by the real `run` command.
internal static class RunCommand
{
    public static Command Create() => new("run", "(not built yet)");
}
