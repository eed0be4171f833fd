using Reservoir.Formats.Hdf5;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Hdf5;

/// <summary>Runs the decode measurement small and prints its figures (no timing assertion: speed lives in benchmarks).</summary>
public sealed class BlHdf5DecodeMeasurementTests
{
    [Fact]
    public void Run_SmallNoiseObservation_ReportsPositiveFigures()
    {
        using var directory = new TempDirectory();
        var size = Environment.GetEnvironmentVariable("RESERVOIR_DECODE_MEASURE_FULL") is null ? (4, 1 << 16) : (16, 1 << 20);
        var figures = BlHdf5DecodeMeasurement.Run(directory.Path, integrations: size.Item1, channels: size.Item2, chunkChannels: size.Item2, repeats: 2);
        TestContext.Current.TestOutputHelper?.WriteLine(figures.ToString());
        Console.WriteLine(figures);
        Assert.True(figures.CodecDecodeMBps > 0 && figures.ReaderMBps > 0 && figures.WriteMBps > 0);
        Assert.InRange(figures.FileBytes, 1, figures.DataBytes * 2);
    }
}
