using Reservoir.Cli.Publish;
using Xunit;

namespace Reservoir.Cli.Tests.Publish;

public sealed class ObjectGlobTests
{
    [Theory]
    [InlineData("cam1/2026-11-*/**.fits", "cam1/2026-11-01/a.fits", true)]
    [InlineData("cam1/2026-11-*/**.fits", "cam1/2026-11-01/deep/er/a.fits", true)]
    [InlineData("cam1/2026-11-*/**.fits", "cam1/2026-10-31/a.fits", false)]
    [InlineData("cam1/2026-11-*/**.fits", "cam1/2026-11-01/a.fits.bak", false)]
    [InlineData("cam1/2026-11-*/**.fits", "cam1/2026-11-01x/y/a.fits", true)]
    [InlineData("*.fil", "a.fil", true)]
    [InlineData("*.fil", "dir/a.fil", false)]
    [InlineData("**/*.fil", "a.fil", true)]
    [InlineData("**/*.fil", "x/y/a.fil", true)]
    [InlineData("x/**/a.fil", "x/a.fil", true)]
    [InlineData("x/**/a.fil", "x/1/2/a.fil", true)]
    [InlineData("x/**/a.fil", "xa.fil", false)]
    [InlineData("obs-?.h5", "obs-1.h5", true)]
    [InlineData("obs-?.h5", "obs-12.h5", false)]
    [InlineData("obs-?.h5", "obs-/.h5", false)]
    [InlineData("a+b (1).h5", "a+b (1).h5", true)]
    [InlineData("a+b (1).h5", "aab (1).h5", false)]
    [InlineData("Cam1/*", "cam1/a", false)]
    [InlineData("**", "anything/at/all.txt", true)]
    public void IsMatch_Cases(string pattern, string key, bool expected) =>
        Assert.Equal(expected, ObjectGlob.Parse(pattern).IsMatch(key));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("/abs/*.fil")]
    public void Parse_EmptyOrAbsolute_Refused(string pattern)
    {
        var e = Assert.Throws<ArgumentException>(() => ObjectGlob.Parse(pattern));
        Assert.Contains("--match", e.Message);
    }
}
