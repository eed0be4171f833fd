namespace Reservoir.PubSub.Subscribing;

/// <summary>Flow control and lease settings of a subscriber.</summary>
public sealed record SubscriberOptions
{
    /// <summary>
    /// Messages pulled and not yet acknowledged or nacked by this subscriber; a pull never asks for more.
    /// <value>The default value is 100.</value>
    /// </summary>
    public int MaxOutstandingMessages { get; init; } = 100;

    /// <summary>
    /// Let the server hold a pull open until messages arrive (Pub/Sub's long poll) instead of answering at once
    /// when none are ready. <value>The default value is true.</value>
    /// </summary>
    public bool WaitForMessages { get; init; } = true;

    /// <summary>
    /// Longest a waiting pull is held before it returns no messages (only with <see cref="WaitForMessages"/>).
    /// Messages the server handed to a pull given up this way come back after their ack deadline.
    /// <value>The default value is 30 s.</value>
    /// </summary>
    public TimeSpan PullWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline a lease sets on each renewal (at most 600 s). <value>The default value is 60 s.</value></summary>
    public TimeSpan LeaseExtension { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a lease renews; must be shorter than <see cref="LeaseExtension"/> and than the subscription's ack
    /// deadline, so a deadline never lapses while work is in flight. <value>The default value is 20 s.</value>
    /// </summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(20);

    public void Validate()
    {
        if (MaxOutstandingMessages < 1)
            throw new ArgumentException($"MaxOutstandingMessages must be at least 1, not {MaxOutstandingMessages}", nameof(MaxOutstandingMessages));
        if (PullWait <= TimeSpan.Zero)
            throw new ArgumentException($"PullWait must be positive, not {PullWait}", nameof(PullWait));
        if (LeaseExtension < TimeSpan.FromSeconds(1) || LeaseExtension > TimeSpan.FromSeconds(600))
            throw new ArgumentException($"LeaseExtension must be 1 to 600 s, not {LeaseExtension}", nameof(LeaseExtension));
        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseRenewInterval >= LeaseExtension)
            throw new ArgumentException($"LeaseRenewInterval ({LeaseRenewInterval}) must be positive and shorter than LeaseExtension ({LeaseExtension})", nameof(LeaseRenewInterval));
    }
}
