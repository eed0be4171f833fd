using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using Reservoir.Operator.Registry;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Operator.Tests.Registry;

/// <summary>The registry follows a ConfigMap volume: the kubelet swaps a <c>..data</c> symlink to a new folder.</summary>
public sealed class FileAlgorithmRegistryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private int _generation;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Constructor_BadFile_ThrowsNamingFile()
    {
        var path = Mount("ed:\n  memory: 2GB\n");
        var error = Assert.Throws<AlgorithmRegistryException>(() => new FileAlgorithmRegistry(path, time: _time));
        Assert.Contains(path + ": ed.memory", error.Message);
    }

    [Fact]
    public void Constructor_MissingFile_Throws() =>
        Assert.Throws<FileNotFoundException>(() => new FileAlgorithmRegistry(Path.Combine(_dir.Path, "none.yaml"), time: _time));

    [Fact]
    public void Poll_SymlinkSwappedToNewImage_LaterLookupsSeeIt()
    {
        var path = Mount("ed:\n  image: runner:1\n");
        using var registry = new FileAlgorithmRegistry(path, TimeSpan.FromSeconds(5), time: _time);
        var before = registry.Find("ed");
        var changed = 0;
        registry.Changed += _ => changed++;

        Mount("ed:\n  image: runner:2\n");
        Assert.Equal("runner:1", registry.Find("ed")!.Image); // not yet polled
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("runner:2", registry.Find("ed")!.Image);
        Assert.Equal("runner:1", before!.Image); // an entry already handed out is a snapshot: it never changes
        Assert.Equal(1, changed);
        Assert.Null(registry.LastError);
    }

    [Fact]
    public void Poll_BadEdit_KeepsLastGoodAndRecordsError_ThenRecovers()
    {
        var path = Mount("ed:\n  image: runner:1\n");
        using var registry = new FileAlgorithmRegistry(path, TimeSpan.FromSeconds(5), time: _time);

        Mount("ed:\n  image: runner:2\n  gpus: lots\n");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("runner:1", registry.Find("ed")!.Image);
        Assert.Contains("ed.gpus: 'lots'", registry.LastError);

        Mount("ed:\n  image: runner:3\nnew-alg:\n  image: other:1\n");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("runner:3", registry.Find("ed")!.Image);
        Assert.Equal("other:1", registry.Find("new-alg")!.Image);
        Assert.Null(registry.LastError);
    }

    [Fact]
    public void Reload_FileGoneForAMoment_KeepsLastGood()
    {
        var path = Mount("ed:\n  image: runner:1\n");
        using var registry = new FileAlgorithmRegistry(path, TimeSpan.FromSeconds(5), time: _time);
        File.Delete(Path.Combine(_dir.Path, "..data"));

        Assert.False(registry.Reload());
        Assert.Equal("runner:1", registry.Find("ed")!.Image);
        Assert.Contains("cannot read", registry.LastError);
    }

    [Fact]
    public void Reload_SameContent_ReportsNoChange()
    {
        var path = Mount("ed:\n  image: runner:1\n");
        using var registry = new FileAlgorithmRegistry(path, TimeSpan.FromSeconds(5), time: _time);
        Mount("ed:\n  image: runner:1\n");
        Assert.False(registry.Reload());
    }

    // Lays files out as the kubelet does: algorithms.yaml -> ..data/algorithms.yaml, ..data -> ..<generation>/.
    private string Mount(string yaml)
    {
        var folder = Path.Combine(_dir.Path, $"..gen{++_generation}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "algorithms.yaml"), yaml);
        var data = Path.Combine(_dir.Path, "..data");
        var next = Path.Combine(_dir.Path, "..data_tmp");
        File.CreateSymbolicLink(next, folder);
        if (Rename(next, data) != 0) throw new IOException($"rename {next} -> {data} failed: errno {Marshal.GetLastPInvokeError()}");
        var file = Path.Combine(_dir.Path, "algorithms.yaml");
        if (!File.Exists(file) && new FileInfo(file).LinkTarget is null)
            File.CreateSymbolicLink(file, Path.Combine("..data", "algorithms.yaml"));
        return file;
    }

    // rename(2) replaces the old symlink atomically, as the kubelet's swap does (File.Move refuses a link to a folder).
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string from, string to);
}
