namespace Reservoir.PubSub.Names;

/// <summary>A subscription, <c>projects/{Project}/subscriptions/{Subscription}</c>; validated on construction.</summary>
public sealed record SubscriptionName
{
    public SubscriptionName(string project, string subscription)
    {
        Project = ResourceId.CheckProject(project);
        Subscription = ResourceId.Check(subscription, "subscription");
    }

    public string Project { get; }
    public string Subscription { get; }

    /// <summary>The full resource name the REST API uses in paths and bodies.</summary>
    public string Path => $"projects/{Project}/subscriptions/{Subscription}";

    public override string ToString() => Path;
}
