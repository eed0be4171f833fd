using Reservoir.Algorithms.CnnClassifier.Runtime;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Runtime;

public sealed class CpuBudgetTests
{
    [Theory]
    [InlineData("max 100000", 8, 8)]
    [InlineData("250000 100000\n", 8, 3)]
    [InlineData("100000 100000", 8, 1)]
    [InlineData("50000 100000", 8, 1)]
    [InlineData("1600000 100000", 4, 4)]
    [InlineData(null, 6, 6)]
    [InlineData("garbage", 2, 2)]
    public void Threads_CpuMaxText_LimitRoundedUpAndCappedByProcessors(string? cpuMax, int processors, int expected) =>
        Assert.Equal(expected, CpuBudget.Threads(cpuMax, processors));
}
