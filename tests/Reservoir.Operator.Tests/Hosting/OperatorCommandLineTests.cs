using System.CommandLine;
using Microsoft.Extensions.Logging;
using Reservoir.Operator.Hosting;
using Reservoir.Operator.Observability;
using Xunit;

namespace Reservoir.Operator.Tests.Hosting;

/// <summary>Options and RESERVOIR_* variables (passed as a lookup: the test process's environment is never touched).</summary>
public sealed class OperatorCommandLineTests
{
    private static readonly Dictionary<string, string> Required = new()
    {
        ["RESERVOIR_SUBSCRIPTION"] = "projects/p/subscriptions/observations-sub",
        ["RESERVOIR_DEAD_LETTER_TOPIC"] = "projects/p/topics/dead",
        ["RESERVOIR_OUTPUT"] = "gs://bucket/results",
    };

    private static OperatorSettings Read(Dictionary<string, string> env, params string[] args)
    {
        var options = new OperatorOptions(name => env.GetValueOrDefault(name));
        var root = new RootCommand();
        options.AddTo(root);
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        return options.Read(parse);
    }

    [Fact]
    public void Read_OnlyRequiredFromEnvironment_DocumentedDefaults()
    {
        var settings = Read(new(Required) { ["HOSTNAME"] = "operator-0" });
        settings.Validate();
        Assert.Equal("reservoir", settings.Namespace);
        Assert.Equal("projects/p/subscriptions/observations-sub", settings.Subscription.Path);
        Assert.Equal("projects/p/topics/dead", settings.DeadLetterTopic.Path);
        Assert.Null(settings.ResultsTopic);
        Assert.Equal("gs://bucket/results", settings.OutputRoot);
        Assert.Equal("/etc/reservoir/algorithms.yaml", settings.RegistryFile);
        Assert.Equal(("reservoir-operator", "operator-0"), (settings.Election.LeaseName, settings.Election.Identity));
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)),
            (settings.Election.LeaseDuration, settings.Election.RenewDeadline, settings.Election.RetryPeriod));
        Assert.Equal(8080, settings.MetricsPort);
        Assert.Equal((4, 32, 100), (settings.Workers, settings.IntakeConcurrency, settings.MaxOutstandingMessages));
        Assert.Equal((3600, "10Gi"), (settings.Jobs.TtlSecondsAfterFinished, settings.Jobs.ScratchSizeLimit));
        Assert.Equal(["energy-detection"], settings.Intake.DefaultAlgorithms);
        Assert.Equal((LogFormat.Text, LogLevel.Information), (settings.LogFormat, settings.LogLevel));
    }

    [Fact]
    public void Read_OptionBeatsEnvironment_EnvironmentBeatsDefault()
    {
        var env = new Dictionary<string, string>(Required)
        {
            ["RESERVOIR_NAMESPACE"] = "from-env", ["RESERVOIR_WORKERS"] = "8", ["RESERVOIR_LOG_FORMAT"] = "json",
            ["RESERVOIR_RESULTS_TOPIC"] = "projects/p/topics/results", ["POD_NAMESPACE"] = "ignored",
        };
        var settings = Read(env, "--namespace", "from-option", "--api-server", "http://127.0.0.1:9999", "--default-algorithms", "a-1, b-2");
        Assert.Equal("from-option", settings.Namespace);
        Assert.Equal("from-option", settings.Election.Namespace);
        Assert.Equal(8, settings.Workers);
        Assert.Equal(LogFormat.Json, settings.LogFormat);
        Assert.Equal("projects/p/topics/results", settings.ResultsTopic!.Path);
        Assert.Equal(new Uri("http://127.0.0.1:9999"), settings.ApiServer);
        Assert.Equal(["a-1", "b-2"], settings.Intake.DefaultAlgorithms);
    }

    [Fact]
    public void Read_BareIdsWithProject_AsTheHelmChartSetsThem()
    {
        var settings = Read(new()
        {
            ["RESERVOIR_PROJECT"] = "my-project", ["RESERVOIR_SUBSCRIPTION"] = "observations-sub", ["RESERVOIR_DEAD_LETTER_TOPIC"] = "dead-letters",
            ["RESERVOIR_RESULTS_TOPIC"] = "search-results", ["RESERVOIR_OUTPUT"] = "gs://b/r", ["RESERVOIR_JOB_SERVICE_ACCOUNT"] = "reservoir-runner",
        });
        Assert.Equal("projects/my-project/subscriptions/observations-sub", settings.Subscription.Path);
        Assert.Equal("projects/my-project/topics/dead-letters", settings.DeadLetterTopic.Path);
        Assert.Equal("projects/my-project/topics/search-results", settings.ResultsTopic!.Path);
        Assert.Equal("reservoir-runner", settings.Jobs.ServiceAccountName);
    }

    [Fact]
    public void Read_PodNamespace_UsedWhenNoOption() =>
        Assert.Equal("team-a", Read(new(Required) { ["POD_NAMESPACE"] = "team-a" }).Namespace);

    [Theory]
    [InlineData("RESERVOIR_WORKERS", "many", "--workers / RESERVOIR_WORKERS: 'many' is not a whole number")]
    [InlineData("RESERVOIR_SUBSCRIPTION", "observations", "--subscription / RESERVOIR_SUBSCRIPTION is a bare ID: --project (or RESERVOIR_PROJECT) is required")]
    [InlineData("RESERVOIR_SUBSCRIPTION", "projects/p/topics/t", "--subscription / RESERVOIR_SUBSCRIPTION: 'projects/p/topics/t' is not a subscription")]
    [InlineData("RESERVOIR_LOG_FORMAT", "xml", "--log-format / RESERVOIR_LOG_FORMAT: 'xml' must be text or json")]
    public void Read_BadValue_NamesOptionAndVariable(string variable, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Read(new(Required) { [variable] = value }));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Invoke_MissingRequired_Exit2NamingIt()
    {
        var stderr = new StringWriter();
        var exit = await OperatorCommandLine.InvokeAsync([], _ => null, new StringWriter(), stderr);
        Assert.Equal(2, exit);
        Assert.Contains("--subscription (or RESERVOIR_SUBSCRIPTION) is required", stderr.ToString());
    }

    [Fact]
    public async Task Invoke_InvalidSetting_Exit2NamingIt()
    {
        var stderr = new StringWriter();
        var env = new Dictionary<string, string>(Required) { ["RESERVOIR_RENEW_DEADLINE"] = "20" };
        var exit = await OperatorCommandLine.InvokeAsync([], name => env.GetValueOrDefault(name), new StringWriter(), stderr);
        Assert.Equal(2, exit);
        Assert.Contains("RenewDeadline", stderr.ToString());
    }

    [Fact]
    public async Task Invoke_Help_ListsEveryVariable()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, await OperatorCommandLine.InvokeAsync(["--help"], _ => null, stdout, new StringWriter()));
        foreach (var variable in new[] { "RESERVOIR_SUBSCRIPTION", "RESERVOIR_DEAD_LETTER_TOPIC", "RESERVOIR_OUTPUT", "RESERVOIR_REGISTRY", "RESERVOIR_API_SERVER", "RESERVOIR_METRICS_PORT" })
            Assert.Contains(variable, stdout.ToString());
    }
}
