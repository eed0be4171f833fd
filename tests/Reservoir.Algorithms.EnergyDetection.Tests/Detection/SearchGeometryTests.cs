using Reservoir.Sdk.Observations;
using Reservoir.Algorithms.EnergyDetection.Detection;
using Reservoir.Algorithms.EnergyDetection.Tests.Support;
using Reservoir.Sdk;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Detection;

public sealed class SearchGeometryTests
{
    private static InMemoryObservation Observation(int integrations, int channels, long? nfpc = null) =>
        ArrayObservation.SingleIf(new float[integrations * channels], integrations, channels, nfpc, source: "/data/obs42.fil");

    [Fact]
    public void Create_NchansNotMultipleOfParameterWidth_ThrowsNamingParameterNchansAndFile()
    {
        var error = Assert.Throws<BadParameterException>(() =>
            SearchGeometry.Create(new EnergyDetectionParameters { CoarseChannelWidth = 1024 }, Observation(16, 1536)));
        Assert.Equal("coarse_channel_width", error.Parameter);
        Assert.Contains("nchans 1536", error.Message);
        Assert.Contains("/data/obs42.fil", error.Message);
    }

    [Fact]
    public void Create_NfpcNotDividingNchans_ThrowsBadInputNamingNfpcAndFile()
    {
        var error = Assert.Throws<BadInputException>(() => SearchGeometry.Create(new EnergyDetectionParameters(), Observation(16, 3072, nfpc: 2048)));
        Assert.IsNotType<BadParameterException>(error);
        Assert.Contains("nfpc 2048", error.Message);
        Assert.Contains("/data/obs42.fil", error.Message);
    }

    [Fact]
    public void Create_NfpcInHeader_OverridesParameterWidth()
    {
        var geometry = SearchGeometry.Create(new EnergyDetectionParameters { CoarseChannelWidth = 4096 }, Observation(16, 4096, nfpc: 1024));
        Assert.Equal((1024, 4), (geometry.CoarseWidth, geometry.CoarseChannels));
    }

    [Fact]
    public void Create_WidthNotMultipleOfStep_ThrowsNamingStep()
    {
        var error = Assert.Throws<BadParameterException>(() =>
            SearchGeometry.Create(new EnergyDetectionParameters { CoarseChannelWidth = 1000, Window = 256, Step = 96 }, Observation(16, 2000)));
        Assert.Equal("step", error.Parameter);
        Assert.Contains("1000", error.Message);
    }

    [Fact]
    public void Create_WindowWiderThanCoarseChannel_ThrowsNamingWindow()
    {
        var error = Assert.Throws<BadParameterException>(() =>
            SearchGeometry.Create(new EnergyDetectionParameters { CoarseChannelWidth = 128 }, Observation(16, 256)));
        Assert.Equal("window", error.Parameter);
    }

    [Fact]
    public void Create_FewerThanTwentyValuesPerWindow_ThrowsNamingWindow()
    {
        var error = Assert.Throws<BadParameterException>(() =>
            SearchGeometry.Create(new EnergyDetectionParameters { CoarseChannelWidth = 64, Window = 16, Step = 8 }, Observation(1, 128)));
        Assert.Equal("window", error.Parameter);
        Assert.Contains("20", error.Message);
    }

    [Fact]
    public void Create_MissingIf_ThrowsNamingIfIndex()
    {
        var error = Assert.Throws<BadParameterException>(() =>
            SearchGeometry.Create(new EnergyDetectionParameters { CoarseChannelWidth = 1024, IfIndex = 1 }, Observation(16, 1024)));
        Assert.Equal("if_index", error.Parameter);
    }

    [Fact]
    public void Detector_KnotOnLastChannel_ThrowsNamingKnotSpacingDivisor()
    {
        // W//2000 + 1 = 1: a knot on every channel, the last one on x[−1].
        var geometry = SearchGeometry.Create(new EnergyDetectionParameters { CoarseChannelWidth = 1024, KnotSpacingDivisor = 2000 }, Observation(16, 1024));
        var error = Assert.Throws<BadParameterException>(() => new CoarseChannelDetector(geometry));
        Assert.Equal("knot_spacing_divisor", error.Parameter);
        Assert.Contains("/data/obs42.fil", error.Message);
    }

    [Theory]
    [InlineData(1024, 256, 128, 7)]   // i = 0 … 768 < 1024 − 128
    [InlineData(1 << 20, 256, 128, 8191)]
    [InlineData(8192, 256, 64, 125)]  // i + 256 ≤ 8192 stops at 7936
    [InlineData(256, 256, 256, 0)]
    public void WindowCount_Geometry_CountsWindowsThatFit(int width, int window, int step, int expected)
    {
        var geometry = new SearchGeometry(16, width, 1, window, step, width / 16 + 1, true, "x");
        Assert.Equal(expected, geometry.WindowCount);
    }
}
