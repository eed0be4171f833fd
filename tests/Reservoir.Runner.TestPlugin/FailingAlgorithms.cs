using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;

namespace Reservoir.Runner.TestPlugin;

public sealed class NoParameters;

/// <summary>Writes one hit, then crashes as a buggy plugin would (runner: exit 1, no manifest).</summary>
public sealed class ThrowingAlgorithm : Algorithm<NoParameters>
{
    public override string Name => "test-throws";
    public override string Version => "0.1.0-test";
    public override string Description => "crashes after one hit (tests only)";

    public override Task RunAsync(AlgorithmContext context, NoParameters parameters, CancellationToken cancellationToken)
    {
        context.Artifacts.Begin(new ArtifactSchema(["x"], [1]));
        context.Artifacts.WriteHit([1L], [1f]);
        throw new InvalidOperationException("deliberate crash after 1 hit");
    }
}

/// <summary>Rejects every observation as unusable (runner: exit 2).</summary>
public sealed class BadInputAlgorithm : Algorithm<NoParameters>
{
    public override string Name => "test-bad-input";
    public override string Version => "0.1.0-test";
    public override string Description => "rejects the input (tests only)";

    public override Task RunAsync(AlgorithmContext context, NoParameters parameters, CancellationToken cancellationToken) =>
        throw new BadInputException($"{context.Observation.Source}: has no usable channels\nsecond line");
}

/// <summary>Waits until cancelled (runner: exit 1 without a manifest).</summary>
public sealed class HangingAlgorithm : Algorithm<NoParameters>
{
    public override string Name => "test-hangs";
    public override string Version => "0.1.0-test";
    public override string Description => "waits for cancellation (tests only)";

    public override async Task RunAsync(AlgorithmContext context, NoParameters parameters, CancellationToken cancellationToken)
    {
        context.Artifacts.Begin(new ArtifactSchema(["x"], [1]));
        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(context.Logger, "hanging until cancelled");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
