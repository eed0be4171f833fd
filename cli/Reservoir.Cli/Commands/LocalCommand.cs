using System.CommandLine;

namespace Reservoir.Cli.Commands;

// Placeholder: replaced by the real `local` command.
internal static class LocalCommand
{
    public static Command Create() => new("local", "(not built yet)");
}
