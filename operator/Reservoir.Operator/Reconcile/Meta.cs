namespace Reservoir.Operator.Reconcile;

/// <summary>Reads of object metadata maps (labels, annotations), which may be absent.</summary>
internal static class Meta
{
    public static string? Value(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
