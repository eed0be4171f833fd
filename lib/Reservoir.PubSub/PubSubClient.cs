using Reservoir.Cloud;
using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Subscribing;
using Reservoir.PubSub.Transport;

namespace Reservoir.PubSub;

/// <summary>
/// Entry point: one HTTP connection pool to one endpoint, handing out publishers, subscribers and the admin
/// calls that share it. Thread-safe; dispose it last.
/// </summary>
public sealed class PubSubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly PubSubRestClient _rest;
    private readonly TimeProvider _time;

    private PubSubClient(HttpClient http, PubSubEndpoint endpoint, CloudRetryPipeline retry, TimeProvider time)
    {
        _http = http;
        _time = time;
        _rest = new PubSubRestClient(http, endpoint, retry);
        Admin = new PubSubAdmin(_rest);
    }

    public PubSubEndpoint Endpoint => _rest.Endpoint;

    /// <summary>Create/get/delete topics and subscriptions.</summary>
    public PubSubAdmin Admin { get; }

    /// <param name="endpoint">Where to send requests (see <see cref="PubSubEndpoint.FromEnvironment"/>).</param>
    /// <param name="retry">Retry policy of every request; defaults as documented on <see cref="CloudRetryOptions"/>.</param>
    /// <param name="time">Clock of backoffs and lease timers (tests pass a fake one).</param>
    /// <param name="handler">HTTP handler (tests may pass one); the client does not dispose a handler it was given.</param>
    /// <param name="credentials">Token source to use instead of the endpoint's own (<see cref="PubSubEndpoint.Tokens"/>).</param>
    public static PubSubClient Create(PubSubEndpoint endpoint, CloudRetryOptions? retry = null, TimeProvider? time = null,
        HttpMessageHandler? handler = null, IAccessTokenSource? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        time ??= TimeProvider.System;
        var pipeline = CloudRetryPipeline.Create(retry, time);
        if (credentials is not null) endpoint = endpoint with { Tokens = credentials };
        var http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout (CloudRetryOptions.AttemptTimeout)
        return new PubSubClient(http, endpoint, pipeline, time);
    }

    /// <summary>A publisher to <paramref name="topic"/> that splits large publishes into bounded requests.</summary>
    public IPublisher CreatePublisher(TopicName topic, PublisherOptions? options = null)
    {
        options ??= new PublisherOptions();
        options.Validate();
        return new RestPublisher(_rest, topic, options);
    }

    /// <summary>A subscriber pulling from <paramref name="subscription"/> with a bound on unacknowledged messages.</summary>
    public ISubscriber CreateSubscriber(SubscriptionName subscription, SubscriberOptions? options = null)
    {
        options ??= new SubscriberOptions();
        options.Validate();
        return new RestSubscriber(_rest, subscription, options, _time);
    }

    public void Dispose() => _http.Dispose();
}
