namespace Reservoir.Core.Requests;

/// <summary>
/// A validated trigger message: one observation to search with one or more algorithms.
/// Produced by <see cref="RequestParser"/>; <see cref="Expand"/> turns it into one <see cref="SearchSpec"/>
/// per algorithm.
/// </summary>
public sealed record SearchRequest(
    string Observation,
    string Input,
    IReadOnlyList<string> Algorithms,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Params)
{
    /// <summary>One spec per algorithm, in the order the algorithms were given, each with its own parameters.</summary>
    public IReadOnlyList<SearchSpec> Expand() =>
        Algorithms
            .Select(a => SearchSpec.Create(Observation, Input, a, Params.TryGetValue(a, out var p) ? p : null))
            .ToList();
}
