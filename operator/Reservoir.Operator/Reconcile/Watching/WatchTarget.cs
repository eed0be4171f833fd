namespace Reservoir.Operator.Reconcile.Watching;

/// <summary>
/// What a <see cref="ResourceWatcher{T}"/> lists and watches: a resource of an API group in one namespace,
/// optionally narrowed by a label selector. Core resources use an empty <paramref name="Group"/>.
/// </summary>
internal sealed record WatchTarget(string Group, string Version, string Plural, string Namespace, string? LabelSelector = null)
{
    public override string ToString() =>
        $"{(Group.Length == 0 ? "" : Group + "/")}{Version}/{Plural} in {Namespace}{(LabelSelector is null ? "" : $" ({LabelSelector})")}";
}
