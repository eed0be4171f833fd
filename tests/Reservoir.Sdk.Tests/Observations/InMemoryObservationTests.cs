using Reservoir.Sdk.Observations;
using Xunit;

namespace Reservoir.Sdk.Tests.Observations;

public sealed class InMemoryObservationTests
{
    private static InMemoryObservation Cube() =>
        new(Enumerable.Range(0, 3 * 2 * 5).Select(i => (float)i).ToArray(), new ObservationShape(3, 2, 5), new ObservationHeader([]));

    [Fact]
    public void Read_BlockOfOneIf_IsTimeMajorSliceOfTheCube()
    {
        using var cube = Cube();
        var block = new float[4];
        cube.Read(new DataBlock(1, 2, 1, 3, 2), block);
        // data[t, if, c] = (t·2 + if)·5 + c
        Assert.Equal([18f, 19f, 28f, 29f], block);
        Assert.Equal(1, cube.Reads);
    }

    [Fact]
    public void Read_OutsideTheCube_Throws()
    {
        using var cube = Cube();
        Assert.Throws<ArgumentOutOfRangeException>(() => cube.Read(new DataBlock(2, 2, 0, 0, 5), new float[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => cube.Read(new DataBlock(0, 1, 2, 0, 5), new float[5]));
    }

    [Fact]
    public void Read_DestinationTooSmall_Throws()
    {
        using var cube = Cube();
        Assert.Throws<ArgumentException>(() => cube.Read(new DataBlock(0, 2, 0, 0, 5), new float[9]));
    }

    [Fact]
    public void Constructor_DataNotFillingShape_Throws() =>
        Assert.Throws<ArgumentException>(() => new InMemoryObservation(new float[7], new ObservationShape(2, 1, 4), new ObservationHeader([])));
}
