using System.Reflection;

namespace Reservoir.Core.Execution;

/// <summary>
/// The program that runs <c>reservoir run …</c>: an executable and the arguments that come before
/// <c>run</c> (e.g. <c>dotnet reservoir.dll</c>).
/// </summary>
public sealed record RunnerCommand(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>
    /// This very program: its apphost, or <c>dotnet &lt;entry dll&gt;</c> when it was started through the
    /// dotnet host (e.g. <c>dotnet run</c>, <c>dotnet reservoir.dll</c>), where ProcessPath is dotnet itself.
    /// </summary>
    public static RunnerCommand CurrentProcess()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the current program is unknown");
        var host = Path.GetFileNameWithoutExtension(processPath);
        if (!string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase)) return new RunnerCommand(processPath, []);
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(entry)) throw new InvalidOperationException("started through dotnet but the entry assembly has no location");
        return new RunnerCommand(processPath, [entry]);
    }
}
