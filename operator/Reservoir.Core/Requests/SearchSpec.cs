namespace Reservoir.Core.Requests;

/// <summary>
/// One search: one observation, one algorithm. It becomes a Search custom resource in the cluster and a
/// spool item in local mode. <see cref="Name"/> is deterministic (<see cref="SearchName.For"/>), so a
/// duplicate request lands on the same name and is harmless.
/// </summary>
/// <param name="Name">DNS-1123 label, ≤ 63 characters.</param>
/// <param name="Observation">A valid <see cref="ObservationId"/>.</param>
/// <param name="Input">Path or URI of the observation file.</param>
/// <param name="Algorithm">Plugin name, e.g. <c>energy-detection</c>.</param>
/// <param name="Params">Parameter values as text, passed to the runner as <c>--param key=value</c>.</param>
public sealed record SearchSpec(
    string Name,
    string Observation,
    string Input,
    string Algorithm,
    IReadOnlyDictionary<string, string> Params)
{
    /// <summary>Builds a spec whose name is derived from its identity.</summary>
    public static SearchSpec Create(string observation, string input, string algorithm, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in parameters ?? new Dictionary<string, string>()) sorted[k] = v;
        return new SearchSpec(SearchName.For(observation, input, algorithm, sorted), observation, input, algorithm, sorted);
    }
}
