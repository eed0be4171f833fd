using System.Text;
using Reservoir.Core.Requests;
using Xunit;

namespace Reservoir.Core.Tests.Requests;

public sealed class RequestParserTests
{
    private readonly RequestParser _parser = new(new IntakeOptions { InputRoot = "/data/obs", DefaultAlgorithms = ["energy-detection"] });

    [Fact]
    public void Parse_FullJson_ReadsEveryField()
    {
        var request = _parser.Parse("""
            {"observation": "obs1", "input": "gs://b/obs1.h5", "algorithms": ["energy-detection", "cnn-classifier"],
             "params": {"energy-detection": {"threshold": 100, "window": "256", "repair_dc": true}}}
            """);
        Assert.Equal("obs1", request.Observation);
        Assert.Equal("gs://b/obs1.h5", request.Input);
        Assert.Equal(["energy-detection", "cnn-classifier"], request.Algorithms);
        var p = request.Params["energy-detection"];
        Assert.Equal("100", p["threshold"]);
        Assert.Equal("256", p["window"]);
        Assert.Equal("true", p["repair_dc"]);
    }

    [Fact]
    public void Parse_BareId_UsesTemplateAndDefaults()
    {
        var request = _parser.Parse("  obs-7\n");
        Assert.Equal("obs-7", request.Observation);
        Assert.Equal(Path.Combine("/data/obs", "obs-7.h5"), request.Input);
        Assert.Equal(["energy-detection"], request.Algorithms);
        Assert.Empty(request.Params);
    }

    [Fact]
    public void Parse_UriInputRoot_JoinsWithSlash()
    {
        var parser = new RequestParser(new IntakeOptions { InputRoot = "gs://bucket/in/", InputTemplate = "{observation}.fil" });
        Assert.Equal("gs://bucket/in/x.fil", parser.Parse("x").Input);
    }

    [Fact]
    public void Parse_Attributes_FillWhatTheBodyLeavesOut()
    {
        var attributes = new Dictionary<string, string> { ["algorithm"] = "cnn-classifier, energy-detection", ["input"] = "/elsewhere/o.fil" };
        var bare = _parser.Parse("o", attributes);
        Assert.Equal(["cnn-classifier", "energy-detection"], bare.Algorithms);
        Assert.Equal("/elsewhere/o.fil", bare.Input);

        var json = _parser.Parse("""{"observation": "o", "algorithms": ["energy-detection"], "input": "/in/o.h5"}""", attributes);
        Assert.Equal(["energy-detection"], json.Algorithms);
        Assert.Equal("/in/o.h5", json.Input);
    }

    [Fact]
    public void Parse_Utf8Bytes_SameAsText()
    {
        var request = _parser.Parse(Encoding.UTF8.GetBytes("""{"observation":"o2"}"""));
        Assert.Equal("o2", request.Observation);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{", "not valid JSON")]
    [InlineData("[1]", "must be an object")]
    [InlineData("{}", "'observation' is missing")]
    [InlineData("""{"observation": 5}""", "'observation' must be a string")]
    [InlineData("""{"observation": "a/b"}""", "'/' at offset 1")]
    [InlineData("""{"observation": "o", "algorithm": "x"}""", "unknown field 'algorithm'")]
    [InlineData("""{"observation": "o", "algorithms": "energy-detection"}""", "'algorithms' must be an array")]
    [InlineData("""{"observation": "o", "algorithms": []}""", "'algorithms' is empty")]
    [InlineData("""{"observation": "o", "algorithms": ["Energy_Detection"]}""", "algorithm name 'Energy_Detection'")]
    [InlineData("""{"observation": "o", "algorithms": [1]}""", "'algorithms[0]' must be a string")]
    [InlineData("""{"observation": "o", "input": ""}""", "'input' is empty")]
    [InlineData("""{"observation": "o", "params": {"cnn-classifier": {"a": 1}}}""", "not among the algorithms")]
    [InlineData("""{"observation": "o", "params": {"energy-detection": {"a": [1]}}}""", "'params.energy-detection.a'")]
    [InlineData("""{"observation": "o", "params": {"energy-detection": {"a b": 1}}}""", "parameter name 'params.energy-detection.a b'")]
    [InlineData("""{"observation": "o", "params": {"energy-detection": 3}}""", "'params.energy-detection' must be an object")]
    [InlineData("has space", "U+0020")]
    public void Parse_Malformed_ThrowsTerminalErrorWithReason(string body, string expected)
    {
        var e = Assert.Throws<MalformedRequestException>(() => _parser.Parse(body));
        Assert.Contains(expected, e.Reason);
        Assert.False(_parser.TryParse(body, null, out var request, out var reason));
        Assert.Null(request);
        Assert.Equal(e.Reason, reason);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsTerminal()
    {
        var e = Assert.Throws<MalformedRequestException>(() => _parser.Parse(new byte[] { 0x6f, 0xff, 0xfe }));
        Assert.Contains("UTF-8", e.Reason);
    }

    [Fact]
    public void Parse_BadAlgorithmAttribute_IsTerminal()
    {
        var e = Assert.Throws<MalformedRequestException>(() => _parser.Parse("o", new Dictionary<string, string> { ["algorithm"] = "../x" }));
        Assert.Contains("'../x'", e.Reason);
    }

    [Fact]
    public void Expand_OneSpecPerAlgorithm_WithItsOwnParams()
    {
        var request = _parser.Parse("""
            {"observation": "o", "algorithms": ["energy-detection", "cnn-classifier", "energy-detection"],
             "params": {"energy-detection": {"threshold": 100}}}
            """);
        var specs = request.Expand();
        Assert.Equal(2, specs.Count);
        Assert.Equal("energy-detection", specs[0].Algorithm);
        Assert.Equal("100", specs[0].Params["threshold"]);
        Assert.Equal("cnn-classifier", specs[1].Algorithm);
        Assert.Empty(specs[1].Params);
        Assert.All(specs, s => Assert.True(SearchName.IsDns1123Label(s.Name)));
        Assert.NotEqual(specs[0].Name, specs[1].Name);
        Assert.Equal(specs.Select(s => s.Name), _parser.Parse("""
            {"params": {"energy-detection": {"threshold": 100}}, "algorithms": ["energy-detection", "cnn-classifier"], "observation": "o"}
            """).Expand().Select(s => s.Name));
    }

    [Fact]
    public void Options_TemplateWithoutPlaceholder_RejectedAtStartUp()
    {
        Assert.Throws<ArgumentException>(() => new RequestParser(new IntakeOptions { InputTemplate = "x.h5" }));
        Assert.Throws<ArgumentException>(() => new RequestParser(new IntakeOptions { DefaultAlgorithms = [] }));
    }
}
