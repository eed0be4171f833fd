using Reservoir.Runner.Running;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Runner.Tests.Running;

public sealed class TerminationMessageTests
{
    [Fact]
    public void TryWrite_MultiLineMessage_WritesOneLine()
    {
        using var dir = new TempDirectory();
        Assert.True(TerminationMessage.TryWrite(dir.File("t"), "first\r\n  second\n\nthird"));
        Assert.Equal("first second third\n", File.ReadAllText(dir.File("t")));
    }

    [Fact]
    public void TryWrite_UnwritablePath_ReturnsFalseWithoutThrowing()
    {
        Assert.False(TerminationMessage.TryWrite("/nonexistent-folder/sub/t", "x"));
    }

    [Fact]
    public void OneLine_HugeMessage_IsBounded()
    {
        Assert.True(TerminationMessage.OneLine(new string('x', 10000)).Length <= 2000);
    }
}
