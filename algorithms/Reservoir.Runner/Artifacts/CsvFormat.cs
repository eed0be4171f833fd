using System.Globalization;

namespace Reservoir.Runner.Artifacts;

/// <summary>
/// How one value is written to <c>info_df.csv</c> so that pandas reads it back exactly: invariant culture,
/// doubles round-trippable (shortest "R" form) and always with a decimal point or exponent, so a column
/// that happens to hold only whole numbers (a p-value that underflowed to 0) still reads as float64; non-finite as <c>nan</c>/<c>inf</c>/<c>-inf</c>, booleans
/// as <c>True</c>/<c>False</c>, text quoted (RFC 4180) when it holds a comma, quote or line break.
/// </summary>
internal static class CsvFormat
{
    public static string Value(object? value) => value switch
    {
        null => "",
        string s => Text(s),
        bool b => b ? "True" : "False",
        double d => Real(d),
        float f => float.IsFinite(f) ? Floating(f.ToString("R", CultureInfo.InvariantCulture)) : Real(f),
        long or int or short or byte or sbyte or ushort or uint or ulong => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"value of type {value.GetType().Name} is not allowed in a hit row; use long, int, double, float, string or bool"),
    };

    public static string Text(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 || s.Length == 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static string Real(double d) =>
        double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf"
            : Floating(d.ToString("R", CultureInfo.InvariantCulture));

    private static string Floating(string text) => text.AsSpan().IndexOfAny(".Ee") >= 0 ? text : text + ".0";
}
