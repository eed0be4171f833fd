using System.Globalization;
using System.Text.Json;

namespace Reservoir.Runner.Manifest;

/// <summary>
/// Writes the scalar values the runner puts in JSON (header keys, parameters, summary): numbers as JSON
/// numbers (doubles in shortest round-trip form), non-finite doubles as the strings "NaN", "Infinity",
/// "-Infinity" (JSON has no such numbers), enums as their lower-case names.
/// </summary>
internal static class JsonValues
{
    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case long l: json.WriteNumberValue(l); break;
            case int i: json.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case double d: json.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            case float f: json.WriteStringValue(f.ToString(CultureInfo.InvariantCulture)); break;
            case Enum e: json.WriteStringValue(e.ToString().ToLowerInvariant()); break;
            case IFormattable x: json.WriteStringValue(x.ToString(null, CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }

    public static readonly JsonWriterOptions Indented = new() { Indented = true };
}
