using System.Text.Json;
using Reservoir.Operator.Resources;
using Reservoir.PubSub.Publishing;

namespace Reservoir.Operator.Reconcile.Notify;

/// <summary>
/// Publishes each completion as JSON (search, namespace, observation, algorithm, phase, hits, resultUri, message,
/// image) with attributes search/observation/algorithm/phase to the results topic (when given), and a Failed
/// one also to the dead-letter topic (when given) with attribute <c>reason</c> (the Search's message) and
/// <c>failure</c> (the failure kind).
/// </summary>
public sealed class PubSubSearchNotifier : ISearchNotifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IPublisher? _results;
    private readonly IPublisher? _deadLetter;

    public PubSubSearchNotifier(IPublisher? results, IPublisher? deadLetter)
    {
        _results = results;
        _deadLetter = deadLetter;
    }

    public async Task NotifyAsync(SearchCompletion completion, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new
        {
            search = completion.Search,
            @namespace = completion.Namespace,
            observation = completion.Observation,
            algorithm = completion.Algorithm,
            phase = completion.Phase,
            hits = completion.Hits,
            resultUri = completion.ResultUri,
            message = completion.Message,
            image = completion.Image,
        }, Json);
        var attributes = new Dictionary<string, string>
        {
            ["search"] = completion.Search,
            ["observation"] = completion.Observation,
            ["algorithm"] = completion.Algorithm,
            ["phase"] = completion.Phase,
        };
        if (_results is not null)
            await _results.PublishAsync(OutgoingMessage.FromText(body, attributes), cancellationToken).ConfigureAwait(false);
        if (_deadLetter is not null && completion.Phase == SearchPhase.Failed)
        {
            var deadAttributes = new Dictionary<string, string>(attributes)
            {
                ["reason"] = Truncate(completion.Message ?? "failed"),
                ["failure"] = completion.Reason ?? "Failed",
            };
            await _deadLetter.PublishAsync(OutgoingMessage.FromText(body, deadAttributes), cancellationToken).ConfigureAwait(false);
        }
    }

    // Pub/Sub attribute values are limited to 1024 bytes.
    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
