using System.Globalization;
using System.Text.RegularExpressions;

namespace Reservoir.Operator.Registry;

/// <summary>Checks of the registry's scalar values: Kubernetes quantities, durations, label keys.</summary>
internal static partial class RegistryValues
{
    // A non-negative Kubernetes quantity: a number with an optional binary (Ki…Ei), decimal (n, u, m, k, M…E)
    // or exponent suffix, as resource.Quantity accepts it.
    [GeneratedRegex(@"^\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$")]
    private static partial Regex QuantityPattern();

    // Go-style durations: one or more <number><unit> with units h, m, s (e.g. 90m, 1h30m, 45s).
    [GeneratedRegex(@"^(?:([0-9]+(?:\.[0-9]+)?)(h|m|s))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(h|m|s)")]
    private static partial Regex DurationPart();

    // A label key: an optional DNS subdomain prefix and '/', then a name of ≤ 63 alphanumerics, '-', '_', '.'.
    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKeyPattern();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValuePattern();

    public static bool IsQuantity(string text) => QuantityPattern().IsMatch(text);

    public static bool IsLabelKey(string text) => text.Length <= 253 + 1 + 63 && LabelKeyPattern().IsMatch(text);

    public static bool IsLabelValue(string text) => LabelValuePattern().IsMatch(text);

    /// <summary>"90m", "1h30m", "45s", or a whole number of seconds ("5400"). Null when it is none of these.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return seconds <= int.MaxValue ? TimeSpan.FromSeconds(seconds) : null;
        if (!DurationPattern().IsMatch(text)) return null;
        var total = 0.0;
        foreach (Match part in DurationPart().Matches(text))
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch { "h" => value * 3600, "m" => value * 60, _ => value };
        }
        return total <= int.MaxValue ? TimeSpan.FromSeconds(total) : null;
    }
}
