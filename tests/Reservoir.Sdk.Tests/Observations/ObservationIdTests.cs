using Reservoir.Sdk.Observations;
using Xunit;

namespace Reservoir.Sdk.Tests.Observations;

public sealed class ObservationIdTests
{
    [Theory]
    [InlineData("blc00_guppi_59046_80036_DIAG_SGR_B2_0011")]
    [InlineData("a")]
    [InlineData("obs.1+2-3_4")]
    [InlineData("...x")]
    public void Check_AllowedCharacters_IsValid(string id)
    {
        Assert.Null(ObservationId.Check(id));
        Assert.True(ObservationId.IsValid(id));
    }

    [Fact]
    public void Check_200Characters_IsValid_201_ReasonGivesLength()
    {
        Assert.True(ObservationId.IsValid(new string('x', 200)));
        Assert.Contains("201", ObservationId.Check(new string('x', 201)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/b", "'/' at offset 1")]
    [InlineData("a b", "U+0020 at offset 1")]
    [InlineData("obs\n", "U+000A at offset 3")]
    [InlineData("é", "'é' at offset 0")]
    [InlineData("..", "names a folder")]
    [InlineData(".", "names a folder")]
    public void Check_BadId_ReasonNamesTheProblem(string id, string expected)
    {
        Assert.False(ObservationId.IsValid(id));
        Assert.Contains(expected, ObservationId.Check(id));
    }

    [Theory]
    [InlineData("/data/blc13_guppi_58465.fil", "blc13_guppi_58465")]
    [InlineData("gs://bucket/raw/obs.A+1.bl.h5", "obs.A+1")]
    [InlineData("file:///x/y/voyager.h5", "voyager")]
    [InlineData("/archive/frame_0001.HDF5", "frame_0001")]
    [InlineData("relative/name.raw", "name.raw")]
    [InlineData("plain", "plain")]
    public void FromInput_StripsObservationExtensions(string input, string expected) =>
        Assert.Equal(expected, ObservationId.FromInput(input));
}
