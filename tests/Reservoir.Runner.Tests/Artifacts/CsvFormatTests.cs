using Reservoir.Runner.Artifacts;
using Xunit;

namespace Reservoir.Runner.Tests.Artifacts;

public sealed class CsvFormatTests
{
    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(-3.0, "-3.0")]
    [InlineData(1e300, "1E+300")]
    [InlineData(0.1, "0.1")]
    [InlineData(5844.665618677031, "5844.665618677031")]
    public void Value_Double_AlwaysReadsAsFloat(double value, string expected) =>
        Assert.Equal(expected, CsvFormat.Value(value));

    [Fact]
    public void Value_WholeFloat_KeepsDecimalPoint() => Assert.Equal("2.0", CsvFormat.Value(2f));

    [Fact]
    public void Value_Long_HasNoDecimalPoint() => Assert.Equal("26368", CsvFormat.Value(26368L));
}
