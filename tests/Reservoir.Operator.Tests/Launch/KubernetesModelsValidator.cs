using System.Diagnostics;
using Reservoir.TestSupport;

namespace Reservoir.Operator.Tests.Launch;

/// <summary>
/// Runs KubernetesModels/validate.js (npm kubernetes-models@4.5.1, installed by <c>npm ci</c> in that folder) on
/// one object's JSON. Missing node or node_modules fails under CI=true and skips elsewhere.
/// </summary>
internal static class KubernetesModelsValidator
{
    public static string Folder => Path.Combine(RepoRoot.Find(), "tests", "Reservoir.Operator.Tests", "Launch", "KubernetesModels");

    /// <summary>Null when the object is valid, else the validator's errors.</summary>
    public static async Task<string?> ValidateAsync(string json)
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node")).FirstOrDefault(File.Exists);
        if (node is null) Require.Missing("node");
        if (!File.Exists(Path.Combine(Folder, "node_modules", "kubernetes-models", "package.json")))
            Require.Missing($"npm kubernetes-models (run `npm ci` in {Folder})");

        var info = new ProcessStartInfo(node!, "validate.js")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(json);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var text = (await output).Trim() + (await error).Trim();
        return process.ExitCode == 0 && text == "ok" ? null : $"exit {process.ExitCode}: {text}";
    }
}
