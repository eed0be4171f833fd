using Reservoir.Sdk.Observations;
using Reservoir.Core.Requests;
using Xunit;

namespace Reservoir.Core.Tests.Requests;

public sealed class SearchNameTests
{
    private static readonly Dictionary<string, string> NoParams = [];

    [Fact]
    public void For_SameRequest_GivesSameName()
    {
        var a = SearchName.For("obs-1", "/data/obs-1.h5", "energy-detection", new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" });
        var b = SearchName.For("obs-1", "/data/obs-1.h5", "energy-detection", new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" });
        Assert.Equal(a, b);
        Assert.StartsWith("obs-1-energy-detection-", a);
    }

    [Fact]
    public void For_IdsThatSlugAlike_GetDifferentNames()
    {
        var upper = SearchName.For("OBS_1", "in", "energy-detection", NoParams);
        var lower = SearchName.For("obs.1", "in", "energy-detection", NoParams);
        Assert.NotEqual(upper, lower);
        Assert.StartsWith("obs-1-energy-detection-", upper);
        Assert.StartsWith("obs-1-energy-detection-", lower);
    }

    [Fact]
    public void For_DifferentInputAlgorithmOrParams_GivesDifferentNames()
    {
        var names = new[]
        {
            SearchName.For("o", "a.h5", "energy-detection", NoParams),
            SearchName.For("o", "b.h5", "energy-detection", NoParams),
            SearchName.For("o", "a.h5", "cnn-classifier", NoParams),
            SearchName.For("o", "a.h5", "energy-detection", new Dictionary<string, string> { ["threshold"] = "100" }),
        };
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void For_LongestId_StaysWithin63AndKeepsAlgorithm()
    {
        var name = SearchName.For(new string('a', 200), "in", "energy-detection", NoParams);
        Assert.True(name.Length <= 63, name);
        Assert.Contains("-energy-detection-", name);
        Assert.True(SearchName.IsDns1123Label(name), name);
    }

    [Theory]
    [InlineData("...")]
    [InlineData("___")]
    [InlineData("-+-")]
    public void For_IdWithoutAlphanumerics_StillGivesValidName(string id)
    {
        var name = SearchName.For(id, "in", "energy-detection", NoParams);
        Assert.True(SearchName.IsDns1123Label(name), name);
        Assert.StartsWith("obs-", name);
    }

    [Fact]
    public void For_ManyRandomValidIds_AlwaysValidDns1123LabelsAndDistinct()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-";
        var random = new Random(20240601);
        var names = new HashSet<string>();
        var ids = new HashSet<string>();
        for (var i = 0; i < 5000; i++)
        {
            var length = random.Next(1, 201);
            var id = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (!ObservationId.IsValid(id) || !ids.Add(id)) continue;
            var algorithm = random.Next(3) switch { 0 => "energy-detection", 1 => "cnn-classifier", _ => "a-very-long-algorithm-name-beyond-twenty" };
            var name = SearchName.For(id, id + ".h5", algorithm, NoParams);
            Assert.True(SearchName.IsDns1123Label(name), $"'{name}' from '{id}'");
            Assert.Equal(name, SearchName.For(id, id + ".h5", algorithm, NoParams));
            Assert.True(names.Add(name), $"collision on '{name}'");
        }
        Assert.True(names.Count > 4900);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("a-b", true)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("A", false)]
    [InlineData("a_b", false)]
    [InlineData("", false)]
    public void IsDns1123Label_Cases(string name, bool expected) => Assert.Equal(expected, SearchName.IsDns1123Label(name));

    [Fact]
    public void IsDns1123Label_64Characters_IsFalse() => Assert.False(SearchName.IsDns1123Label(new string('a', 64)));
}
