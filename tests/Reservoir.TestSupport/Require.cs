using Xunit;

namespace Reservoir.TestSupport;

/// <summary>
/// What a test needs from the machine. CI installs every tool the tests use, so under <c>CI=true</c> a
/// missing tool fails the test; on a developer machine it skips with a message saying what to install.
/// </summary>
public static class Require
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Missing(string what)
    {
        var message = $"{what} is not available on this machine";
        if (IsCi) Assert.Fail(message + " (CI must install it: see .ci/run)");
        Assert.Skip(message + "; skipping (CI installs it: see .ci/run)");
    }
}
