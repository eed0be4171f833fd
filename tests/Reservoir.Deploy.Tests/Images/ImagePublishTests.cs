using Reservoir.Deploy.Tests.Support;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Deploy.Tests.Images;

/// <summary>
/// What `docker build` would do, without Docker: the build stage's RUN lines, exactly as the Dockerfile writes
/// them, run by bash in a copy of the build context with the ARG defaults, then the ENTRYPOINT program started.
/// Slow (a Release publish); the timeouts are hang guards.
/// </summary>
public sealed class ImagePublishTests
{
    [Fact]
    public async Task OperatorImage_BuildStage_PublishesRunnableOperator()
    {
        using var work = new TempDirectory("reservoir-image-operator");
        var output = await BuildAsync("Dockerfile.operator", work, new Dictionary<string, string>());
        var help = await ProcessResult.RunAsync(Path.Combine(output, "reservoir-operator"), ["--help"], output);
        Assert.True(help.ExitCode == 0, help.Describe("reservoir-operator --help"));
    }

    [Fact]
    public async Task AlgorithmImage_BuildStageWithExtraPlugin_PublishesRunnerAndPlugins()
    {
        using var work = new TempDirectory("reservoir-image-algorithm");
        // An extra plugin folder in the context, as a user adding a plugin image would have it.
        var extra = Path.Combine(work.Path, "context", "extra-plugins", "my-search");
        Directory.CreateDirectory(extra);
        await File.WriteAllTextAsync(Path.Combine(extra, "MySearch.dll"), "stand-in", TestContext.Current.CancellationToken);
        var output = await BuildAsync("Dockerfile.algorithm", work, new Dictionary<string, string> { ["EXTRA_PLUGINS"] = "extra-plugins" });

        Assert.True(File.Exists(Path.Combine(output, "plugins", "energy-detection", "Reservoir.Algorithms.EnergyDetection.dll")));
        Assert.True(File.Exists(Path.Combine(output, "plugins", "my-search", "MySearch.dll")));
        var help = await ProcessResult.RunAsync(Path.Combine(output, "reservoir"), ["--help"], output);
        Assert.True(help.ExitCode == 0, help.Describe("reservoir --help"));
        Assert.Contains("run", help.Stdout);
    }

    private static async Task<string> BuildAsync(string dockerfile, TempDirectory work, Dictionary<string, string> buildArgs)
    {
        var model = DockerfileModel.Load(Path.Combine(RepoPaths.Root, dockerfile));
        var context = Path.Combine(work.Path, "context");
        BuildContext.CopyTo(RepoPaths.Root, context);
        var output = Path.Combine(work.Path, "app");
        var env = new Dictionary<string, string?>(model.Build.Args().Select(a => KeyValuePair.Create(a.Key, (string?)a.Value)))
        {
            ["PUBLISH_DIR"] = output,
        };
        foreach (var (key, value) in buildArgs) env[key] = value;
        Assert.Equal(".", model.Build.All("COPY").Single().Split(' ')[0]);
        foreach (var run in model.Build.All("RUN"))
        {
            var result = await ProcessResult.RunAsync("/bin/sh", ["-c", run], context, environment: env, timeout: TimeSpan.FromMinutes(20));
            Assert.True(result.ExitCode == 0, result.Describe($"{dockerfile} RUN {run}"));
        }
        return output;
    }
}
