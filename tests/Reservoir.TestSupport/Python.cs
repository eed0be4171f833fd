using System.Diagnostics;
using Xunit;

namespace Reservoir.TestSupport;

/// <summary>
/// Runs Debian's <c>/usr/bin/python3</c> (the one with numpy, scipy, pandas, h5py, astropy, torch and the
/// HDF5 bitshuffle plugin) for cross-checks. The first python3 on PATH is a different one without them.
/// </summary>
public static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Fails (CI) or skips (elsewhere) unless the interpreter can import every module.</summary>
    public static void RequireModules(params string[] modules)
    {
        if (!System.IO.File.Exists(Interpreter)) Require.Missing(Interpreter);
        var probe = Start(["-c", "import " + string.Join(", ", modules)], TimeSpan.FromMinutes(2));
        if (probe.ExitCode != 0) Require.Missing($"python modules {string.Join(", ", modules)} ({probe.StdErr.Trim()})");
    }

    /// <summary>Runs a script text with arguments; fails the test with its stderr on a non-zero exit.</summary>
    public static string RunScript(string script, params string[] args) => RunScript(script, TimeSpan.FromMinutes(5), args);

    public static string RunScript(string script, TimeSpan timeout, params string[] args)
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"reservoir-{Guid.NewGuid():N}.py");
        System.IO.File.WriteAllText(file, script);
        try
        {
            var result = Start([file, .. args], timeout);
            Assert.True(result.ExitCode == 0, $"python exited {result.ExitCode}:\n{result.StdErr}\n{result.StdOut}");
            return result.StdOut;
        }
        finally { System.IO.File.Delete(file); }
    }

    private static (int ExitCode, string StdOut, string StdErr) Start(IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"python did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
