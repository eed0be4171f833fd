using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile.Notify;

/// <summary>
/// Sends each final transition to the <see cref="ISearchNotifier"/> once. Order: the final status is stored
/// first, then the notifier is called, then the Search is annotated <c>reservoir.io/notified=PHASE</c>, which
/// every later pass (also after a restart) checks. The guarantee: every final Search is notified at least
/// once; a second time only if the process stops between the publish and the annotation write, or the
/// annotation write fails. Within one process an in-memory set covers the window before the annotation
/// reaches the cache.
/// </summary>
internal sealed class CompletionNotices
{
    public const string NotifiedAnnotation = "reservoir.io/notified";
    private readonly IKubernetes _kubernetes;
    private readonly ISearchNotifier? _notifier;
    private readonly ConcurrentDictionary<string, byte> _sent = new(StringComparer.Ordinal);

    public CompletionNotices(IKubernetes kubernetes, ISearchNotifier? notifier)
    {
        _kubernetes = kubernetes;
        _notifier = notifier;
    }

    public bool IsNotified(SearchResource search) =>
        _notifier is null || search.Metadata.Annotations?.ContainsKey(NotifiedAnnotation) == true;

    /// <summary>Notifies (unless already done) and annotates. Throws when the notifier fails: retry later.</summary>
    public async Task EnsureAsync(SearchResource search, SearchResourceStatus status, string? reason, CancellationToken cancellationToken)
    {
        if (IsNotified(search)) return;
        var uid = search.Metadata.Uid ?? search.Metadata.Name;
        if (!_sent.ContainsKey(uid))
        {
            var spec = search.Spec;
            await _notifier!.NotifyAsync(new SearchCompletion(
                search.Metadata.Name, search.Metadata.NamespaceProperty, spec.Observation, spec.Algorithm, status.Phase ?? "",
                status.Hits, status.ResultUri, status.Message, status.Image, reason), cancellationToken).ConfigureAwait(false);
            _sent[uid] = 0;
        }
        var patch = new V1Patch(
            System.Text.Json.JsonSerializer.Serialize(new { metadata = new { annotations = new Dictionary<string, string> { [NotifiedAnnotation] = status.Phase ?? "" } } }),
            V1Patch.PatchType.MergePatch);
        await _kubernetes.CustomObjects.PatchNamespacedCustomObjectAsync(patch, SearchCrd.Group, SearchCrd.Version,
            search.Metadata.NamespaceProperty, SearchCrd.Plural, search.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
