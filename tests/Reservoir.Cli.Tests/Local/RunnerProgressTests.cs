using Reservoir.Cli.Local;
using Xunit;

namespace Reservoir.Cli.Tests.Local;

public sealed class RunnerProgressTests
{
    [Theory]
    [InlineData("      energy-detection: 3/4 coarse channels (75%)", 75.0)]
    [InlineData("info: energy-detection: 0/8 coarse channels (0%)", 0.0)]
    [InlineData("energy-detection: 8/8 coarse channels (100%)", 100.0)]
    public void Percent_ProgressLine_FromDoneAndTotal(string line, double expected) => Assert.Equal(expected, RunnerProgress.Percent(line));

    [Theory]
    [InlineData("info: Reservoir.Runner[0]")]
    [InlineData("succeeded: 4 hits, /x/manifest.json")]
    [InlineData("1/0 things (0%)")]
    public void Percent_OtherLine_IsNull(string line) => Assert.Null(RunnerProgress.Percent(line));
}
