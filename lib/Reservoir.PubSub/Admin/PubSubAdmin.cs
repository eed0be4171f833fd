using Reservoir.PubSub.Names;
using Reservoir.PubSub.Transport;

namespace Reservoir.PubSub.Admin;

/// <summary>
/// Topic and subscription setup (for deployment scripts and tests). Create fails with a
/// <see cref="PubSubException"/> whose <see cref="PubSubException.IsAlreadyExists"/> is true when the resource
/// exists; the Ensure calls accept that and return what is there (without comparing settings).
/// </summary>
public sealed class PubSubAdmin
{
    private readonly PubSubRestClient _rest;

    internal PubSubAdmin(PubSubRestClient rest) => _rest = rest;

    public async Task<TopicName> CreateTopicAsync(TopicName topic, CancellationToken cancellationToken = default)
    {
        var wire = await _rest.SendAsync<WireTopic>(HttpMethod.Put, topic.Path, new { }, "create topic", topic.Path, cancellationToken);
        return TopicName.Parse(wire.Name);
    }

    /// <summary>The topic, or a <see cref="PubSubException"/> with <see cref="PubSubException.IsNotFound"/>.</summary>
    public async Task<TopicName> GetTopicAsync(TopicName topic, CancellationToken cancellationToken = default)
    {
        var wire = await _rest.SendAsync<WireTopic>(HttpMethod.Get, topic.Path, null, "get topic", topic.Path, cancellationToken);
        return TopicName.Parse(wire.Name);
    }

    public async Task<TopicName> EnsureTopicAsync(TopicName topic, CancellationToken cancellationToken = default)
    {
        try { return await CreateTopicAsync(topic, cancellationToken); }
        catch (PubSubException e) when (e.IsAlreadyExists) { return await GetTopicAsync(topic, cancellationToken); }
    }

    public Task DeleteTopicAsync(TopicName topic, CancellationToken cancellationToken = default) =>
        _rest.SendAsync<WireEmpty>(HttpMethod.Delete, topic.Path, null, "delete topic", topic.Path, cancellationToken);

    public async Task<SubscriptionInfo> CreateSubscriptionAsync(
        SubscriptionName subscription, SubscriptionSettings settings, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        var body = new WireSubscription(
            null,
            settings.Topic.Path,
            (int)settings.AckDeadline.TotalSeconds,
            settings.EnableMessageOrdering ? true : null,
            settings.DeadLetter is { } d ? new WireDeadLetterPolicy(d.DeadLetterTopic.Path, d.MaxDeliveryAttempts) : null);
        var wire = await _rest.SendAsync<WireSubscription>(HttpMethod.Put, subscription.Path, body, "create subscription", subscription.Path, cancellationToken);
        return Read(subscription, wire);
    }

    /// <summary>The subscription, or a <see cref="PubSubException"/> with <see cref="PubSubException.IsNotFound"/>.</summary>
    public async Task<SubscriptionInfo> GetSubscriptionAsync(SubscriptionName subscription, CancellationToken cancellationToken = default)
    {
        var wire = await _rest.SendAsync<WireSubscription>(HttpMethod.Get, subscription.Path, null, "get subscription", subscription.Path, cancellationToken);
        return Read(subscription, wire);
    }

    public async Task<SubscriptionInfo> EnsureSubscriptionAsync(
        SubscriptionName subscription, SubscriptionSettings settings, CancellationToken cancellationToken = default)
    {
        try { return await CreateSubscriptionAsync(subscription, settings, cancellationToken); }
        catch (PubSubException e) when (e.IsAlreadyExists) { return await GetSubscriptionAsync(subscription, cancellationToken); }
    }

    public Task DeleteSubscriptionAsync(SubscriptionName subscription, CancellationToken cancellationToken = default) =>
        _rest.SendAsync<WireEmpty>(HttpMethod.Delete, subscription.Path, null, "delete subscription", subscription.Path, cancellationToken);

    private static SubscriptionInfo Read(SubscriptionName name, WireSubscription wire) => new(
        name,
        TopicName.Parse(wire.Topic),
        TimeSpan.FromSeconds(wire.AckDeadlineSeconds ?? 10),
        wire.EnableMessageOrdering ?? false,
        wire.DeadLetterPolicy is { } d ? new DeadLetterPolicy(TopicName.Parse(d.DeadLetterTopic), d.MaxDeliveryAttempts) : null);
}
