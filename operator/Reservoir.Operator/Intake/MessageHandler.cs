using Microsoft.Extensions.Logging;
using Reservoir.Core.Requests;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Subscribing;

namespace Reservoir.Operator.Intake;

/// <summary>One message from pull to ack (or redelivery): parse, check algorithms, create Searches, settle.</summary>
internal sealed class MessageHandler(
    ISubscriber subscriber,
    IPublisher deadLetter,
    SearchClient searches,
    IAlgorithmRegistry registry,
    RequestParser parser,
    SearchIntakeOptions options,
    ILogger logger,
    IIntakeObserver? observer,
    TimeProvider time)
{
    public const string ReasonAttribute = "reason";
    public const string KindAttribute = "reason-kind";
    public const string OriginalMessageIdAttribute = "original-message-id";
    private readonly AckBatcher _acks = new(subscriber);

    /// <param name="lease">The message's lease, started when it was pulled; disposed here before the ack or nack.</param>
    public async Task HandleAsync(ReceivedMessage message, MessageLease lease, CancellationToken cancellationToken)
    {
        string[] ackIds = [message.AckId];
        try
        {
            try
            {
                await CreateSearchesAsync(message, cancellationToken);
            }
            catch (TerminalIntakeException terminal)
            {
                await DeadLetterAsync(message, terminal, cancellationToken);
                await lease.DisposeAsync();
                await _acks.AcknowledgeAsync(message.AckId, cancellationToken);
                observer?.Acked(deadLettered: true);
                return;
            }
            await lease.DisposeAsync();
            await _acks.AcknowledgeAsync(message.AckId, cancellationToken);
            observer?.Acked(deadLettered: false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await lease.DisposeAsync();
            await NackAsync(ackIds, message);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Message {MessageId}: transient failure, handed back in {Delay}: {Error}",
                message.MessageId, options.RedeliveryDelay, e.Message);
            // Nack with a delay: the message stays leased (no duplicate delivery meanwhile) and keeps its flow-control
            // slot, so a failing API server slows intake down instead of spinning redeliveries.
            try { await Task.Delay(options.RedeliveryDelay, time, cancellationToken); }
            catch (OperationCanceledException) { }
            await lease.DisposeAsync();
            await NackAsync(ackIds, message);
            observer?.Redelivered();
        }
    }

    private async Task CreateSearchesAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        IReadOnlyList<SearchSpec> specs;
        try { specs = parser.Parse(message.Data, message.Attributes).Expand(); }
        catch (MalformedRequestException e) { throw new TerminalIntakeException(IntakeFailureKind.Malformed, e.Reason, e); }

        foreach (var spec in specs)
            if (registry.Find(spec.Algorithm) is null)
                throw new TerminalIntakeException(IntakeFailureKind.UnknownAlgorithm,
                    $"unknown algorithm '{spec.Algorithm}' (known: {string.Join(", ", registry.All.Select(a => a.Name).Order(StringComparer.Ordinal))})");

        foreach (var spec in specs)
        {
            var search = SearchResources.From(spec, options.OutputRoot, message.MessageId, message.PublishTime);
            SearchCreateResult result;
            try
            {
                result = await searches.CreateAsync(options.Namespace, search, cancellationToken);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.UnprocessableEntity)
            {
                throw new TerminalIntakeException(IntakeFailureKind.Rejected,
                    $"the API server rejected Search {spec.Name} ({(int)e.Response.StatusCode}): {Truncate(e.Response.Content)}", e);
            }
            observer?.SearchStored(result.Created);
            logger.LogInformation("Message {MessageId}: Search {Search} {Outcome} (observation {Observation}, algorithm {Algorithm})",
                message.MessageId, spec.Name, result.Created ? "created" : "already exists", spec.Observation, spec.Algorithm);
        }
    }

    private async Task DeadLetterAsync(ReceivedMessage message, TerminalIntakeException terminal, CancellationToken cancellationToken)
    {
        var attributes = new Dictionary<string, string>(message.Attributes)
        {
            [ReasonAttribute] = terminal.Reason,
            [KindAttribute] = terminal.Kind,
            [OriginalMessageIdAttribute] = message.MessageId,
        };
        // An empty body with attributes is publishable; with neither Pub/Sub would refuse it, and attributes are never empty here.
        await deadLetter.PublishAsync(new OutgoingMessage(message.Data, attributes), cancellationToken);
        observer?.DeadLettered(terminal.Kind);
        logger.LogWarning("Message {MessageId} dead-lettered to {Topic}: {Reason}", message.MessageId, deadLetter.Topic, terminal.Reason);
    }

    // Redelivery at once; if even the nack fails, the ack deadline lapses on its own and Pub/Sub redelivers then.
    private async Task NackAsync(string[] ackIds, ReceivedMessage message)
    {
        try { await subscriber.NackAsync(ackIds, CancellationToken.None); }
        catch (Exception e)
        {
            logger.LogDebug(e, "Message {MessageId}: nack failed; its ack deadline will lapse", message.MessageId);
        }
    }

    private static string Truncate(string? text) =>
        text is null ? "" : text.Length <= 300 ? text : text[..300] + "…";
}
