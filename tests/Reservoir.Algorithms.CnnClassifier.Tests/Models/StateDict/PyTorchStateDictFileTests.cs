using Reservoir.Algorithms.CnnClassifier.Models.StateDict;
using Reservoir.Algorithms.CnnClassifier.Runtime;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using TorchSharp;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Models.StateDict;

public sealed class PyTorchStateDictFileTests
{
    [Fact]
    public void Read_ViewsWithStridesAndOffsets_ValuesAsPyTorchSaw()
    {
        Python.RequireModules("torch");
        using var dir = new TempDirectory("state-dict");
        Python.RunScript("""
import sys, torch
base = torch.arange(12.0).reshape(3, 4)
torch.save({'transposed': base.t(), 'slice': torch.arange(10, dtype=torch.int64)[3:7], 'doubles': torch.tensor([0.1, -2.5], dtype=torch.float64)}, sys.argv[1])
""", dir.File("views.pt"));
        TorchRuntime.EnsureInitialized();

        var tensors = PyTorchStateDictFile.Read(dir.File("views.pt"));
        try
        {
            Assert.Equal(["transposed", "slice", "doubles"], tensors.Select(t => t.Key));
            Assert.Equal([4L, 3L], tensors[0].Value.shape);
            Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, tensors[0].Value.data<float>().ToArray());
            Assert.Equal(new long[] { 3, 4, 5, 6 }, tensors[1].Value.data<long>().ToArray());
            Assert.Equal(new[] { 0.1, -2.5 }, tensors[2].Value.data<double>().ToArray());
        }
        finally { foreach (var t in tensors) t.Value.Dispose(); }
    }

    [Fact]
    public void Read_PickleCallingOsSystem_RefusedWithoutRunningIt()
    {
        Python.RequireModules("torch");
        using var dir = new TempDirectory("state-dict-evil");
        var marker = dir.File("ran");
        Python.RunScript("""
import sys, os, pickle, zipfile
class Evil:
    def __reduce__(self):
        return (os.system, ('touch ' + sys.argv[2],))
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('archive/data.pkl', pickle.dumps({'w': Evil()}, protocol=2))
""", dir.File("evil.pt"), marker);

        var error = Assert.Throws<BadInputException>(() => PyTorchStateDictFile.Read(dir.File("evil.pt")));
        Assert.Contains("refuses to call", error.Message);
        Assert.Contains("system", error.Message);
        Assert.False(File.Exists(marker));
    }
}
