namespace Reservoir.Sdk;

/// <summary>
/// Marks a public settable property of a parameters class as an algorithm parameter. The property's
/// initial value is the default; <see cref="System.ComponentModel.DataAnnotations.RangeAttribute"/> on the
/// same property bounds it. Supported types: int, long, double, float, bool, string and enums.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ParameterAttribute(string name, string description) : Attribute
{
    /// <summary>Name on the command line and in messages: <c>--param name=value</c>, snake_case.</summary>
    public string Name { get; } = name;

    public string Description { get; } = description;
}
