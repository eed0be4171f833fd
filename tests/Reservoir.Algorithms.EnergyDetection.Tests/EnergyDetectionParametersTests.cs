using Reservoir.Sdk;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests;

public sealed class EnergyDetectionParametersTests
{
    [Fact]
    public void Describe_Defaults_AreTheArchitectureConstants()
    {
        var specs = ParameterBinder.Describe(typeof(EnergyDetectionParameters)).ToDictionary(s => s.Name, s => s.Default);
        Assert.Equal(1 << 20, specs["coarse_channel_width"]);
        Assert.Equal(256, specs["window"]);
        Assert.Equal(128, specs["step"]);
        Assert.Equal(2048.0, specs["threshold"]);
        Assert.Equal(16, specs["knot_spacing_divisor"]);
        Assert.Equal(true, specs["dc_repair"]);
        Assert.Equal(0, specs["if_index"]);
    }

    [Fact]
    public void Bind_StepLargerThanWindow_ThrowsNamingStep()
    {
        var error = Assert.Throws<BadParameterException>(() => ParameterBinder.Bind<EnergyDetectionParameters>(("window", "64"), ("step", "128")));
        Assert.Equal("step", error.Parameter);
        Assert.Contains("64", error.Message);
    }

    [Theory]
    [InlineData("window", "0")]
    [InlineData("step", "-1")]
    [InlineData("coarse_channel_width", "0")]
    [InlineData("threshold", "-5")]
    [InlineData("knot_spacing_divisor", "0")]
    [InlineData("if_index", "-1")]
    public void Bind_OutOfRange_ThrowsNamingTheParameter(string name, string value)
    {
        var error = Assert.Throws<BadParameterException>(() => ParameterBinder.Bind<EnergyDetectionParameters>((name, value)));
        Assert.Equal(name, error.Parameter);
    }

    [Fact]
    public void Bind_ValidOverrides_AreApplied()
    {
        var p = ParameterBinder.Bind<EnergyDetectionParameters>(("window", "512"), ("step", "256"), ("dc_repair", "false"), ("threshold", "100.5"));
        Assert.Equal((512, 256, false, 100.5), (p.Window, p.Step, p.DcRepair, p.Threshold));
    }
}
