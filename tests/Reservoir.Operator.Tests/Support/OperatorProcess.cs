using Reservoir.TestSupport.Processes;

namespace Reservoir.Operator.Tests.Support;

/// <summary>
/// The built operator (<c>dotnet reservoir-operator.dll</c>, copied beside the tests by the project reference),
/// configured only through its RESERVOIR_* environment variables, as the chart's Deployment configures it.
/// <see cref="Kill"/> is SIGKILL: no lease release, no nack of pulled messages, nothing flushed.
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    private readonly ChildProcess _process;

    private OperatorProcess(ChildProcess process, string identity)
    {
        _process = process;
        Identity = identity;
    }

    public string Identity { get; }

    /// <summary>Everything it logged so far (for failure messages).</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.Process.HasExited;

    public static OperatorProcess Start(string identity, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "reservoir-operator.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: the test project must reference operator/Reservoir.Operator");
        var env = new Dictionary<string, string?>(environment)
        {
            ["RESERVOIR_IDENTITY"] = identity,
            ["KUBERNETES_SERVICE_HOST"] = null, // never mistake the test machine for a cluster
        };
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return new OperatorProcess(ChildProcess.Start(host, [dll], workingDirectory, env), identity);
    }

    /// <summary>SIGKILL (the whole process tree) and wait until it is gone.</summary>
    public void Kill()
    {
        try { if (!_process.Process.HasExited) _process.Process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // exited meanwhile
        _process.Process.WaitForExit();
    }

    public void Dispose() => _process.Dispose();
}
