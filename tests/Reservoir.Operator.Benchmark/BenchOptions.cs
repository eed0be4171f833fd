namespace Reservoir.Operator.Benchmark;

/// <summary>What one benchmark run does; defaults are the scenario (100 messages/s for 30 s, a burst of
/// 1,000, 10,000 Searches tracked). Validated before anything starts.</summary>
public sealed record BenchOptions
{
    /// <summary>Steady publish rate, messages per second. <value>The default value is 100.</value></summary>
    public double Rate { get; init; } = 100;

    /// <summary>How long the steady phase publishes. <value>The default value is 30 s.</value></summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages published at once in the burst phase. <value>The default value is 1,000.</value></summary>
    public int Burst { get; init; } = 1000;

    /// <summary>Searches the operator tracks when its RSS is read (the rest are created directly). <value>The default value is 10,000.</value></summary>
    public int Track { get; init; } = 10_000;

    /// <summary>A running emulator (<c>host:port</c>) instead of starting one. <value>The default is null (start one).</value></summary>
    public string? PubSubEmulator { get; init; }

    /// <summary>Longest wait for the Jobs of one phase. <value>The default value is 5 minutes.</value></summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Which operator is measured. <value>The default value is <see cref="OperatorMode.Real"/>.</value></summary>
    public OperatorMode Operator { get; init; } = OperatorMode.Real;

    /// <summary>The <c>reservoir-operator</c> program to run in <see cref="OperatorMode.Real"/> mode.
    /// <value>The default is the copy next to this program.</value></summary>
    public string? OperatorExecutable { get; init; }

    /// <summary>Small sizes for a smoke check (under about 2 minutes including emulator start).</summary>
    public static BenchOptions Quick(BenchOptions options) => options with
    {
        Rate = 50, Duration = TimeSpan.FromSeconds(4), Burst = 200, Track = 600, PhaseTimeout = TimeSpan.FromSeconds(60),
    };

    public int SteadyMessages => (int)Math.Round(Rate * Duration.TotalSeconds);

    public void Validate()
    {
        if (Rate is <= 0 or > 5000) throw new ArgumentException($"--rate must be above 0 and at most 5000 messages/s, not {Rate}");
        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromHours(1)) throw new ArgumentException($"--duration must be 1 s to 1 h, not {Duration}");
        if (Burst is < 0 or > 100_000) throw new ArgumentException($"--burst must be 0 to 100000, not {Burst}");
        if (Track is < 0 or > 200_000) throw new ArgumentException($"--track must be 0 to 200000, not {Track}");
    }
}

/// <summary>The operator under test.</summary>
public enum OperatorMode
{
    /// <summary>The built <c>reservoir-operator</c> program as a child process (leader election, /metrics, logs).</summary>
    Real,

    /// <summary>Only the intake and controller loops, as a child process that also reports allocations and CPU time.</summary>
    StandIn,

    /// <summary>The stand-in's loops inside the bench (RSS then includes the fake API server and the bench).</summary>
    InProcess,
}
