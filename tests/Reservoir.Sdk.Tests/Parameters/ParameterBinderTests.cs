using System.ComponentModel.DataAnnotations;
using Reservoir.Sdk;
using Xunit;

namespace Reservoir.Sdk.Tests.Parameters;

public sealed class ParameterBinderTests
{
    public enum Mode { Fast, Careful }

    public sealed class Sample : IValidatableObject
    {
        [Parameter("window", "channels per window"), Range(1, 1024)]
        public int Window { get; set; } = 256;

        [Parameter("step", "channels between windows"), Range(1, 1024)]
        public int Step { get; set; } = 128;

        [Parameter("threshold", "K² above which a window is a hit")]
        public double Threshold { get; set; } = 2048;

        [Parameter("scale", "float factor")]
        public float Scale { get; set; } = 0.5f;

        [Parameter("max_hits", "cap")]
        public long MaxHits { get; set; } = 10_000_000_000;

        [Parameter("repair", "fix the DC spike")]
        public bool Repair { get; set; } = true;

        [Parameter("mode", "how")]
        public Mode Mode { get; set; } = Mode.Fast;

        [Parameter("label", "free text")]
        public string Label { get; set; } = "";

        public int NotAParameter { get; set; } = 5;

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Step > Window) yield return new ValidationResult($"step {Step} is larger than window {Window}", [nameof(Step)]);
        }
    }

    public sealed class BadType
    {
        [Parameter("when", "unsupported")]
        public DateTime When { get; set; }
    }

    public sealed class Twice
    {
        [Parameter("x", "a")] public int A { get; set; }
        [Parameter("x", "b")] public int B { get; set; }
    }

    [Fact]
    public void Describe_DeclarationOrderDefaultsTypesRanges()
    {
        var specs = ParameterBinder.Describe(typeof(Sample));
        Assert.Equal(["window", "step", "threshold", "scale", "max_hits", "repair", "mode", "label"], specs.Select(s => s.Name));
        Assert.Equal(["int", "int", "double", "float", "long", "bool", "one of: fast|careful", "string"], specs.Select(s => s.TypeText));
        Assert.Equal(["256", "128", "2048", "0.5", "10000000000", "true", "fast", ""], specs.Select(s => s.DefaultText));
        Assert.Equal("[1, 1024]", specs[0].RangeText);
        Assert.Equal("", specs[2].RangeText);
        Assert.Equal("channels per window", specs[0].Description);
    }

    [Fact]
    public void Bind_NoValues_GivesDefaults()
    {
        var bound = ParameterBinder.Bind<Sample>();
        Assert.Equal((256, 128, 2048.0, true, Mode.Fast), (bound.Window, bound.Step, bound.Threshold, bound.Repair, bound.Mode));
    }

    [Fact]
    public void Bind_EveryType_ParsesInvariantText()
    {
        var bound = ParameterBinder.Bind<Sample>(("window", "512"), ("threshold", "1e3"), ("scale", "-2.25"), ("max_hits", "9000000000"),
            ("repair", "False"), ("mode", "CAREFUL"), ("label", "a=b, c"));
        Assert.Equal((512, 1000.0, -2.25f, 9_000_000_000L, false, Mode.Careful, "a=b, c"),
            (bound.Window, bound.Threshold, bound.Scale, bound.MaxHits, bound.Repair, bound.Mode, bound.Label));
    }

    [Theory]
    [InlineData("window", "abc", "parameter 'window': 'abc' is not a valid int")]
    [InlineData("window", "0", "parameter 'window': 0 is outside [1, 1024]")]
    [InlineData("window", "2.5", "not a valid int")]
    [InlineData("threshold", "NaN", "parameter 'threshold': 'NaN' is not a valid double")]
    [InlineData("threshold", "1,5", "not a valid double")]
    [InlineData("repair", "yes", "parameter 'repair': 'yes' is not a valid bool")]
    [InlineData("mode", "sloppy", "parameter 'mode': 'sloppy' is not a valid one of: fast|careful")]
    [InlineData("mode", "7", "not a valid one of")]
    [InlineData("nope", "1", "parameter 'nope': unknown parameter; known: window, step")]
    [InlineData("step", "300", "parameter 'step': step 300 is larger than window 256")]
    public void Bind_BadValue_ThrowsBadParameterNamingIt(string name, string value, string message)
    {
        var e = Assert.Throws<BadParameterException>(() => ParameterBinder.Bind<Sample>((name, value)));
        Assert.Contains(message, e.Message);
        Assert.IsAssignableFrom<BadInputException>(e);
    }

    [Fact]
    public void Describe_UnsupportedTypeOrDuplicateName_ThrowsNamingClass()
    {
        Assert.Contains("BadType.When", Assert.Throws<InvalidOperationException>(() => ParameterBinder.Describe(typeof(BadType))).Message);
        Assert.Contains("'x' is declared twice", Assert.Throws<InvalidOperationException>(() => ParameterBinder.Describe(typeof(Twice))).Message);
    }

    [Fact]
    public void ParsePairs_SplitsAtFirstEqualsAndTrims()
    {
        var pairs = ParameterBinder.ParsePairs(["a=1", " b = x=y ", "c="]);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "x=y", ["c"] = "" }, pairs);
    }

    [Theory]
    [InlineData(new[] { "novalue" }, "parameter 'novalue': expected name=value")]
    [InlineData(new[] { "=1" }, "expected name=value")]
    [InlineData(new[] { "a=1", "a=2" }, "parameter 'a': given twice")]
    public void ParsePairs_Malformed_ThrowsBadParameter(string[] pairs, string message) =>
        Assert.Contains(message, Assert.Throws<BadParameterException>(() => ParameterBinder.ParsePairs(pairs)).Message);
}
