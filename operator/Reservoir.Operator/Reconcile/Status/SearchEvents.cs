using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Reconcile.Status;

/// <summary>
/// Records core/v1 Events about a Search (what <c>kubectl describe search</c> shows). Best effort: a failed
/// Event write is logged and never fails the reconcile that caused it.
/// </summary>
internal sealed class SearchEvents
{
    public const string Component = "reservoir-operator";
    public const string JobCreated = "JobCreated";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Pending = "Pending";

    private readonly IKubernetes _kubernetes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SearchEvents(IKubernetes kubernetes, TimeProvider time, ILogger logger)
    {
        _kubernetes = kubernetes;
        _time = time;
        _logger = logger;
    }

    public async Task RecordAsync(SearchResource search, string reason, string message, bool warning, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var metadata = search.Metadata;
        var @event = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{metadata.Name}.{now.Ticks:x}",
                NamespaceProperty = metadata.NamespaceProperty,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = SearchCrd.ApiVersion,
                Kind = SearchCrd.Kind,
                Name = metadata.Name,
                NamespaceProperty = metadata.NamespaceProperty,
                Uid = metadata.Uid,
                ResourceVersion = metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message.Length > 1024 ? message[..1024] : message,
            Type = warning ? "Warning" : "Normal",
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await _kubernetes.CoreV1.CreateNamespacedEventAsync(@event, metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Could not record event {Reason} for Search {Namespace}/{Name}", reason, metadata.NamespaceProperty, metadata.Name);
        }
    }
}
