using Reservoir.Algorithms.EnergyDetection.Benchmark;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Benchmark;

/// <summary>Prints the compute throughput (run with -c Release for meaningful figures); asserts no timing.</summary>
public sealed class ComputeBenchmarkTests
{
    [Fact]
    public void Measure_Default16By2Pow20Block_PrintsThroughput()
    {
        var result = ComputeBenchmark.Measure(integrations: 16, coarseWidth: 1 << 20, repetitions: 15);
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());
        Assert.Equal(64L << 20, result.InputBytes);
        Assert.True(result.Best <= result.Median);
        Assert.True(result.MedianMegabytesPerSecond > 0);
    }
}
