namespace Reservoir.Operator.Leadership;

/// <summary>
/// Settings of <see cref="LeaseLeaderElection"/> (the same defaults as client-go's leader election). A leader that
/// has not renewed for <see cref="RenewDeadline"/> stops acting; another replica takes the Lease only after seeing
/// it unchanged for <see cref="LeaseDuration"/>, which is longer, so two replicas never act at once.
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string Namespace { get; init; }

    /// <summary>Name of the coordination.k8s.io/v1 Lease. <value>The default value is <c>reservoir-operator</c>.</value></summary>
    public string LeaseName { get; init; } = "reservoir-operator";

    /// <summary>This replica's identity (the pod name is a good one).</summary>
    public required string Identity { get; init; }

    /// <summary>How long a Lease not renewed stays with its holder (whole seconds). <value>The default value is 15 s.</value></summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a leader keeps acting without a successful renewal. <value>The default value is 10 s.</value></summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait between tries to acquire and between renewals. <value>The default value is 2 s.</value></summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Namespace)) throw new ArgumentException("the Lease namespace is required", nameof(Namespace));
        if (string.IsNullOrWhiteSpace(LeaseName)) throw new ArgumentException("the Lease name is required", nameof(LeaseName));
        if (string.IsNullOrWhiteSpace(Identity)) throw new ArgumentException("the elector identity is required", nameof(Identity));
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentException($"LeaseDuration must be a whole number of seconds ≥ 1, not {LeaseDuration}", nameof(LeaseDuration));
        if (RenewDeadline <= TimeSpan.Zero || RenewDeadline >= LeaseDuration)
            throw new ArgumentException($"RenewDeadline ({RenewDeadline}) must be positive and shorter than LeaseDuration ({LeaseDuration})", nameof(RenewDeadline));
        if (RetryPeriod <= TimeSpan.Zero || RetryPeriod >= RenewDeadline)
            throw new ArgumentException($"RetryPeriod ({RetryPeriod}) must be positive and shorter than RenewDeadline ({RenewDeadline})", nameof(RetryPeriod));
    }
}
