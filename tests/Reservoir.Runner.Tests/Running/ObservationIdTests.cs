using Reservoir.Runner.Running;
using Reservoir.Sdk;
using Xunit;

namespace Reservoir.Runner.Tests.Running;

public sealed class ObservationIdTests
{
    [Theory]
    [InlineData("/data/blc13_guppi_58465.fil", "blc13_guppi_58465")]
    [InlineData("gs://bucket/raw/obs.A+1.bl.h5", "obs.A+1")]
    [InlineData("file:///x/y/voyager.h5", "voyager")]
    [InlineData("relative/name.raw", "name.raw")]
    [InlineData("plain", "plain")]
    public void FromInput_StripsObservationExtensions(string input, string expected) =>
        Assert.Equal(expected, ObservationId.FromInput(input));

    [Theory]
    [InlineData("a", true)]
    [InlineData("J1234+56_x.y-z", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("é", false)]
    public void IsValid_FollowsTheRules(string id, bool valid) => Assert.Equal(valid, ObservationId.IsValid(id));

    [Fact]
    public void IsValid_LengthLimitIs200() 
    {
        Assert.True(ObservationId.IsValid(new string('a', 200)));
        Assert.False(ObservationId.IsValid(new string('a', 201)));
        Assert.Contains("1-200", Assert.Throws<BadInputException>(() => ObservationId.Validate(new string('a', 201))).Message);
    }
}
