using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Reservoir.Sdk;

/// <summary>One parameter as declared by a parameters class: name, type, default, range, description.</summary>
public sealed record ParameterSpec(string Name, Type Type, object? Default, string Description, RangeAttribute? Range, PropertyInfo Property)
{
    /// <summary>The default rendered as a command-line value.</summary>
    public string DefaultText => ParameterBinder.Format(Default);

    /// <summary>Type name for help text, e.g. <c>int</c>, <c>double</c>, <c>one of: a|b</c>.</summary>
    public string TypeText => Type.IsEnum
        ? "one of: " + string.Join('|', Enum.GetNames(Type).Select(n => n.ToLowerInvariant()))
        : Type == typeof(int) ? "int" : Type == typeof(long) ? "long" : Type == typeof(double) ? "double"
        : Type == typeof(float) ? "float" : Type == typeof(bool) ? "bool" : "string";

    /// <summary>Range for help text, e.g. <c>[1, 1024]</c>, or empty.</summary>
    public string RangeText => Range is null ? "" : string.Create(CultureInfo.InvariantCulture, $"[{Range.Minimum}, {Range.Maximum}]");
}
