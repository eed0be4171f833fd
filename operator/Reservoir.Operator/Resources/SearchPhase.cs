namespace Reservoir.Operator.Resources;

/// <summary>The phases of <see cref="SearchResourceStatus.Phase"/>. Succeeded and Failed are final.</summary>
public static class SearchPhase
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    public static readonly IReadOnlyList<string> All = [Pending, Running, Succeeded, Failed];

    public static bool IsFinal(string? phase) => phase is Succeeded or Failed;
}
