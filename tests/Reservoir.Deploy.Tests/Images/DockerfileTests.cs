using System.Text.RegularExpressions;
using Reservoir.Deploy.Tests.Support;
using Xunit;

namespace Reservoir.Deploy.Tests.Images;

/// <summary>Invariants of Dockerfile.operator and Dockerfile.algorithm (no Docker engine runs here).</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string, string> Images => new()
    {
        { "Dockerfile.operator", "reservoir-operator" },
        { "Dockerfile.algorithm", "reservoir" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_EveryFrom_PinnedToExactRelease(string file, string program)
    {
        _ = program;
        var model = DockerfileModel.Load(Path.Combine(RepoPaths.Root, file));
        Assert.True(model.Stages.Count >= 2, $"{file}: expected a multi-stage build");
        foreach (var stage in model.Stages)
            // registry/repo:MAJOR.MINOR.PATCH[-variant][@sha256:64hex] — never a floating tag such as 10.0 or latest.
            Assert.Matches(new Regex(@"^mcr\.microsoft\.com/dotnet/[a-z-]+:\d+\.\d+\.\d+(-[a-z-]+)?(@sha256:[0-9a-f]{64})?$"), stage.From);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", model.Build.From);
        Assert.DoesNotContain("/sdk:", model.Final.From);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_FinalStage_NonRootReadOnlyFriendlyWithPublishedEntrypoint(string file, string program)
    {
        var model = DockerfileModel.Load(Path.Combine(RepoPaths.Root, file));
        var final = model.Final;
        var user = final.All("USER").Last();
        Assert.Matches(@"^[1-9][0-9]*(:[1-9][0-9]*)?$", user);
        Assert.Equal("10001", user.Split(':')[0]);
        Assert.Equal($"[\"/app/{program}\"]", final.All("ENTRYPOINT").Single());
        Assert.Contains(final.All("ENV"), env => env.Contains("TMPDIR=/scratch"));
        Assert.Equal("--from=build /app /app", final.All("COPY").Single());
        Assert.Equal("/app", model.Build.Args()["PUBLISH_DIR"]);
        // The build stage publishes exactly the project whose AssemblyName is the entrypoint.
        var publish = model.Build.All("RUN").Single(r => r.StartsWith("dotnet publish "));
        var project = publish.Split(' ')[2];
        Assert.Contains($"<AssemblyName>{program}</AssemblyName>", File.ReadAllText(Path.Combine(RepoPaths.Root, project)));
        Assert.Contains("-o \"$PUBLISH_DIR\"", publish);
    }

    [Fact]
    public void DockerfileAlgorithm_BuildArgs_LibTorchCpuDefaultAndExtraPlugins()
    {
        var build = DockerfileModel.Load(Path.Combine(RepoPaths.Root, "Dockerfile.algorithm")).Build;
        Assert.Equal("cpu", build.Args()["LIBTORCH"]);
        Assert.Equal("", build.Args()["EXTRA_PLUGINS"]);
        Assert.Contains(build.All("RUN"), r => r.Contains("-p:ReservoirLibTorch=\"$LIBTORCH\""));
    }

    [Fact]
    public void DockerIgnore_KeepsSourcesDropsOutputs()
    {
        var rules = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("**/bin/", rules);
        Assert.Contains("**/obj/", rules);
        Assert.Contains("**/node_modules/", rules);
        foreach (var needed in new[] { "operator/", "algorithms/", "cli/", "lib/", "global.json", "Directory.Build.props", "Directory.Packages.props" })
            Assert.DoesNotContain(rules, r => r.TrimEnd('/') == needed.TrimEnd('/'));
    }
}
