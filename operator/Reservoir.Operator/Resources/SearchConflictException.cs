namespace Reservoir.Operator.Resources;

/// <summary>
/// A status write lost an optimistic-concurrency race (409 Conflict): the Search changed after it was read.
/// Not an error of the Search: re-read it and compute the status again.
/// </summary>
public sealed class SearchConflictException : Exception
{
    public SearchConflictException(string @namespace, string name, string? resourceVersion, Exception inner)
        : base($"Search {@namespace}/{name} changed since resourceVersion {resourceVersion ?? "(none)"} was read (409 Conflict)", inner)
    {
        Namespace = @namespace;
        Name = name;
    }

    public string Namespace { get; }
    public string Name { get; }
}
