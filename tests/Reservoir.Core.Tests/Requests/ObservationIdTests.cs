using Reservoir.Core.Requests;
using Xunit;

namespace Reservoir.Core.Tests.Requests;

public sealed class ObservationIdTests
{
    [Theory]
    [InlineData("blc00_guppi_59046_80036_DIAG_SGR_B2_0011")]
    [InlineData("a")]
    [InlineData("obs.1+2-3_4")]
    [InlineData("...x")]
    public void Validate_AllowedCharacters_ReturnsId(string id) => Assert.Equal(id, ObservationId.Validate(id));

    [Fact]
    public void Validate_200Characters_IsValid_201_IsRejectedWithLength()
    {
        Assert.True(ObservationId.IsValid(new string('x', 200)));
        var e = Assert.Throws<MalformedRequestException>(() => ObservationId.Validate(new string('x', 201)));
        Assert.Contains("201", e.Reason);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/b", "'/' at offset 1")]
    [InlineData("a b", "U+0020 at offset 1")]
    [InlineData("obs\n", "U+000A at offset 3")]
    [InlineData("é", "'é' at offset 0")]
    [InlineData("..", "names a folder")]
    [InlineData(".", "names a folder")]
    public void Validate_BadId_ThrowsTerminalErrorNamingTheProblem(string id, string expected)
    {
        var e = Assert.Throws<MalformedRequestException>(() => ObservationId.Validate(id));
        Assert.Contains(expected, e.Reason);
    }
}
