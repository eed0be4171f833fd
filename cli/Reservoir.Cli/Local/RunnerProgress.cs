using System.Globalization;
using System.Text.RegularExpressions;

namespace Reservoir.Cli.Local;

/// <summary>
/// Reads the runner's progress log lines (<c>energy-detection: 3/4 coarse channels (75%)</c>) so a live bar
/// can follow a search. A line that does not match simply leaves the bar as it was.
/// </summary>
internal static partial class RunnerProgress
{
    [GeneratedRegex(@"(\d+)/(\d+)\b[^()]*\((\d{1,3})%\)")]
    private static partial Regex Pattern();

    public static double? Percent(string line)
    {
        var match = Pattern().Match(line);
        if (!match.Success) return null;
        var done = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var total = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return total > 0 ? Math.Clamp(100 * done / total, 0, 100) : null;
    }
}
