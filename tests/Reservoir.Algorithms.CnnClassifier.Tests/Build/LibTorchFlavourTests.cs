using System.Diagnostics;
using System.Text.Json;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Build;

/// <summary>
/// The CUDA build switch: MSBuild property <c>ReservoirLibTorch</c> (cpu by default, or cuda) picks the plugin's libtorch
/// package, and Dockerfile.algorithm's <c>LIBTORCH</c> build argument (cpu by default) reaches it at restore and at
/// publish. Only evaluation is checked for cuda: its package is not in our registry and no GPU is here.
/// </summary>
public sealed class LibTorchFlavourTests
{
    private const string Property = "ReservoirLibTorch";
    private static readonly string Project = Path.Combine(RepoRoot.Find(), "algorithms", "CnnClassifier", "Reservoir.Algorithms.CnnClassifier.csproj");

    [Fact]
    public async Task PluginProject_NoProperty_ReferencesCpuLibTorchOnly()
    {
        var packages = await PackageReferences();
        Assert.Contains("libtorch-cpu-linux-x64", packages);
        Assert.DoesNotContain(packages, p => p.Contains("cuda", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("TorchSharp", packages);
    }

    [Fact]
    public async Task PluginProject_Cuda_ReferencesCudaLibTorchOfTheSameVersion()
    {
        var packages = await PackageReferences($"-p:{Property}=cuda");
        Assert.Contains("libtorch-cuda-12.8-linux-x64", packages);
        Assert.DoesNotContain("libtorch-cpu-linux-x64", packages);
        Assert.Contains("TorchSharp", packages);

        var versions = Items(await MSBuild("-getItem:PackageVersion"), "PackageVersion").ToDictionary(i => i.Identity, i => i.Version);
        Assert.Equal(versions["libtorch-cpu-linux-x64"], versions["libtorch-cuda-12.8-linux-x64"]);
    }

    [Fact]
    public async Task PluginProject_UnknownFlavour_FailsNamingTheValue()
    {
        var (exitCode, output) = await Run($"-p:{Property}=rocm", "-t:CollectPackageReferences", "-nologo");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("ReservoirLibTorch must be cpu or cuda, not 'rocm'", output);
    }

    [Fact]
    public void DockerfileAlgorithm_LibTorchArgument_DefaultsToCpuAndReachesRestoreAndPublish()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot.Find(), "Dockerfile.algorithm"));
        Assert.Contains("ARG LIBTORCH=cpu", lines.Select(l => l.Trim()));
        var dotnetRuns = lines.Where(l => l.StartsWith("RUN ", StringComparison.Ordinal) && (l.Contains("dotnet restore") || l.Contains("dotnet publish"))).ToArray();
        Assert.Equal(2, dotnetRuns.Length);
        Assert.All(dotnetRuns, l => Assert.Contains($"-p:{Property}=\"$LIBTORCH\"", l));
        Assert.Contains(File.ReadAllLines(Project), l => l.Contains($"<{Property} Condition=\"'$({Property})' == ''\">cpu</{Property}>"));
    }

    private static async Task<string[]> PackageReferences(params string[] properties) =>
        Items(await MSBuild(["-getItem:PackageReference", .. properties]), "PackageReference").Select(i => i.Identity).ToArray();

    private static IEnumerable<(string Identity, string Version)> Items(string json, string type) =>
        JsonDocument.Parse(json).RootElement.GetProperty("Items").GetProperty(type).EnumerateArray()
            .Select(i => (i.GetProperty("Identity").GetString()!, i.TryGetProperty("Version", out var v) ? v.GetString() ?? "" : ""));

    private static async Task<string> MSBuild(params string[] args)
    {
        var (exitCode, output) = await Run(args);
        Assert.True(exitCode == 0, $"dotnet msbuild {string.Join(' ', args)} exited {exitCode}:\n{output}");
        return output;
    }

    private static async Task<(int ExitCode, string Output)> Run(params string[] args)
    {
        // The dotnet host running these tests (set by `dotnet test`), else the one on PATH.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["msbuild", Project, .. args]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
