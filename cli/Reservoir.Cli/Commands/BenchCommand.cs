using System.CommandLine;

namespace Reservoir.Cli.Commands;

// Placeholder: replaced by the real `bench` command.
internal static class BenchCommand
{
    public static Command Create() => new("bench", "(not built yet)");
}
