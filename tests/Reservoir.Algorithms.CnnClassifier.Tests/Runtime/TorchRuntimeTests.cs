using Reservoir.Algorithms.CnnClassifier.Runtime;
using TorchSharp;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureInitialized_NativeLibraryLoads_MatrixProductIsExact()
    {
        TorchRuntime.EnsureInitialized();
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = torch.matmul(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
        Assert.True(TorchRuntime.Threads >= 1);
        Assert.Equal(TorchRuntime.Threads, torch.get_num_threads());
    }
}
