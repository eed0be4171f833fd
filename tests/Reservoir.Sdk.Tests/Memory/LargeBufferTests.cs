using Reservoir.Sdk.Memory;
using Xunit;

namespace Reservoir.Sdk.Tests.Memory;

public sealed class LargeBufferTests
{
    [Fact]
    public void Span_CoarseChannelBlock_HoldsWhatIsWritten()
    {
        using var buffer = new LargeBuffer<float>(16 << 20);
        var span = buffer.Span;
        Assert.Equal(16 << 20, span.Length);
        for (var i = 0; i < span.Length; i += 4093) span[i] = i;
        span[^1] = -1;
        for (var i = 0; i < span.Length - 1; i += 4093) Assert.Equal(i, span[i]);
        Assert.Equal(-1, buffer.Span[^1]);
    }

    [Fact]
    public unsafe void Span_StartsOnA2MiBBoundary_SoHugePagesCanBackIt()
    {
        using var buffer = new LargeBuffer<double>(3);
        fixed (double* p = buffer.Span) Assert.Equal(0, (long)p % (2 << 20));
    }

    [Fact]
    public void Span_AfterDispose_Throws()
    {
        var buffer = new LargeBuffer<float>(10);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
    }

    [Fact]
    public void Constructor_ZeroLength_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new LargeBuffer<float>(0));
}
