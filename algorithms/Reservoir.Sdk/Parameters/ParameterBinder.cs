using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Reservoir.Sdk;

/// <summary>
/// Describes a parameters class and binds <c>name=value</c> text to a validated instance.
/// Every failure is a <see cref="BadParameterException"/> naming the parameter.
/// </summary>
public static class ParameterBinder
{
    private static readonly Type[] Supported = [typeof(int), typeof(long), typeof(double), typeof(float), typeof(bool), typeof(string)];

    /// <summary>The parameters a class declares, in declaration order, with the defaults of a fresh instance.</summary>
    public static IReadOnlyList<ParameterSpec> Describe(Type parametersType)
    {
        var defaults = Activator.CreateInstance(parametersType)
            ?? throw new InvalidOperationException($"{parametersType} has no parameterless constructor");
        var specs = new List<ParameterSpec>();
        foreach (var property in parametersType.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var attribute = property.GetCustomAttribute<ParameterAttribute>();
            if (attribute is null) continue;
            if (!property.CanWrite || !(Supported.Contains(property.PropertyType) || property.PropertyType.IsEnum))
                throw new InvalidOperationException($"{parametersType.Name}.{property.Name}: a parameter must be a settable int, long, double, float, bool, string or enum");
            if (specs.Exists(s => s.Name == attribute.Name))
                throw new InvalidOperationException($"{parametersType.Name}: parameter name '{attribute.Name}' is declared twice");
            specs.Add(new ParameterSpec(attribute.Name, property.PropertyType, property.GetValue(defaults), attribute.Description,
                property.GetCustomAttribute<RangeAttribute>(), property));
        }
        return specs;
    }

    /// <summary>
    /// Creates the parameters object: defaults, overridden by <paramref name="values"/> (names as declared),
    /// then validated (ranges and <see cref="IValidatableObject"/>). Unknown names are errors.
    /// </summary>
    public static object Bind(Type parametersType, IReadOnlyDictionary<string, string> values)
    {
        var specs = Describe(parametersType);
        var instance = Activator.CreateInstance(parametersType)!;
        foreach (var (name, text) in values)
        {
            var spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new BadParameterException(name, $"unknown parameter; known: {string.Join(", ", specs.Select(s => s.Name))}");
            spec.Property.SetValue(instance, Parse(spec, text));
        }
        Validate(specs, instance);
        return instance;
    }

    /// <summary>Typed convenience for tests and plugins: <c>Bind&lt;T&gt;(("k", "v"))</c>.</summary>
    public static T Bind<T>(params (string Name, string Value)[] values) where T : class, new() =>
        (T)Bind(typeof(T), values.ToDictionary(v => v.Name, v => v.Value));

    /// <summary>Parses <c>k=v</c> pairs as given on the command line.</summary>
    public static Dictionary<string, string> ParsePairs(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new BadParameterException(pair, "expected name=value");
            var name = pair[..eq].Trim();
            if (!result.TryAdd(name, pair[(eq + 1)..].Trim()))
                throw new BadParameterException(name, "given twice");
        }
        return result;
    }

    internal static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        Enum e => e.ToString().ToLowerInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static object Parse(ParameterSpec spec, string text)
    {
        var type = spec.Type;
        var culture = CultureInfo.InvariantCulture;
        bool ok;
        object? value;
        if (type == typeof(string)) { ok = true; value = text; }
        else if (type == typeof(int)) { ok = int.TryParse(text, NumberStyles.Integer, culture, out var v); value = v; }
        else if (type == typeof(long)) { ok = long.TryParse(text, NumberStyles.Integer, culture, out var v); value = v; }
        else if (type == typeof(double)) { ok = double.TryParse(text, NumberStyles.Float, culture, out var v) && double.IsFinite(v); value = v; }
        else if (type == typeof(float)) { ok = float.TryParse(text, NumberStyles.Float, culture, out var v) && float.IsFinite(v); value = v; }
        else if (type == typeof(bool)) { ok = bool.TryParse(text, out var v); value = v; }
        else { ok = Enum.TryParse(type, text, ignoreCase: true, out value) && Enum.IsDefined(type, value!); }
        if (!ok) throw new BadParameterException(spec.Name, $"'{text}' is not a valid {spec.TypeText}");
        return value!;
    }

    private static void Validate(IReadOnlyList<ParameterSpec> specs, object instance)
    {
        foreach (var spec in specs)
        {
            var value = spec.Property.GetValue(instance);
            if (spec.Range is { } range && !range.IsValid(value))
                throw new BadParameterException(spec.Name, $"{Format(value)} is outside {spec.RangeText}");
        }
        if (instance is IValidatableObject validatable)
        {
            var error = validatable.Validate(new ValidationContext(instance)).FirstOrDefault();
            if (error is not null)
            {
                var member = error.MemberNames.FirstOrDefault();
                var name = specs.FirstOrDefault(s => s.Property.Name == member)?.Name ?? member ?? "parameters";
                throw new BadParameterException(name, error.ErrorMessage ?? "invalid");
            }
        }
    }
}
