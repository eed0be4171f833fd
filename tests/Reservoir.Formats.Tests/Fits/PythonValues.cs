using System.Globalization;

namespace Reservoir.Formats.Tests.Fits;

/// <summary>Parses the "name: v v v" lines our cross-check scripts print (floats as repr, nan as NaN).</summary>
internal static class PythonValues
{
    public static Dictionary<string, string[]> Parse(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static double[] Doubles(string[] tokens) =>
        tokens.Select(t => t is "nan" or "NaN" ? double.NaN : double.Parse(t, CultureInfo.InvariantCulture)).ToArray();

    public static long[] Longs(string[] tokens) => tokens.Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
}
