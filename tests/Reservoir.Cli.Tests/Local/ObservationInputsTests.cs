using Reservoir.Cli.Local;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Cli.Tests.Local;

public sealed class ObservationInputsTests : IDisposable
{
    private readonly TempDirectory _dir = new("inputs-test");

    public void Dispose() => _dir.Dispose();

    private string Touch(string relative)
    {
        var path = _dir.File(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        return path;
    }

    [Fact]
    public void Discover_FolderAndFiles_IdsWithoutObservationExtensions()
    {
        Touch("a/one.bl.h5");
        Touch("a/sub/two.fil");
        Touch("a/notes.txt");
        Touch("a/half.h5.partial");
        var three = Touch("three.hdf5");

        var found = ObservationInputs.Discover([_dir.File("a"), three, three]);

        Assert.Equal(["one", "two", "three"], found.Select(o => o.Observation));
        Assert.Equal(_dir.File("a/one.bl.h5"), found[0].Path);
    }

    [Fact]
    public void Discover_SameIdFromTwoFiles_IsRejected()
    {
        Touch("x/same.h5");
        Touch("y/same.fil");
        var e = Assert.Throws<ArgumentException>(() => ObservationInputs.Discover([_dir.File("x"), _dir.File("y")]));
        Assert.Contains("'same'", e.Message);
    }

    [Fact]
    public void Discover_BadNameOrMissingPath_NamesIt()
    {
        var bad = Touch("has space.h5");
        Assert.Contains("has space.h5", Assert.Throws<ArgumentException>(() => ObservationInputs.Discover([bad])).Message);
        Assert.Contains("no such", Assert.Throws<ArgumentException>(() => ObservationInputs.Discover([_dir.File("missing.h5")])).Message);
        Directory.CreateDirectory(_dir.File("empty"));
        Assert.Contains("holds no observation files", Assert.Throws<ArgumentException>(() => ObservationInputs.Discover([_dir.File("empty")])).Message);
    }
}
