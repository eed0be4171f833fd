using System.ComponentModel.DataAnnotations;
using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;
using Reservoir.Sdk.Observations;

namespace Reservoir.Runner.TestPlugin;

public sealed class StampsParameters
{
    [Parameter("count", "hits to write"), Range(0, 1000)]
    public int Count { get; set; } = 3;

    [Parameter("scale", "stamp values are data times this")]
    public double Scale { get; set; } = 1.5;

    [Parameter("label", "text put in every row's label column")]
    public string Label { get; set; } = "hit, \"quoted\"";
}

/// <summary>
/// Hit i: channel c = (7 i) mod (channels - 1); stamp (n_ints, 2) = data[:, 0, c:c+2] * scale; row: channel,
/// the stamp mean, i / 3, the label, whether i is even. Tests recompute all of it from the input.
/// </summary>
public sealed class StampsAlgorithm : Algorithm<StampsParameters>
{
    public override string Name => "test-stamps";
    public override string Version => "0.1.0-test";
    public override string Description => "writes deterministic stamps taken from the data (tests only)";

    public override Task RunAsync(AlgorithmContext context, StampsParameters parameters, CancellationToken cancellationToken)
    {
        var shape = context.Observation.Shape;
        context.Artifacts.Begin(new ArtifactSchema(["channel", "mean", "third", "label", "even"], [shape.Integrations, 2]));
        var stamp = new float[shape.Integrations * 2];
        for (var i = 0; i < parameters.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var channel = 7L * i % (shape.Channels - 1);
            context.Observation.Read(DataBlock.AllTimes(shape, 0, channel, 2), stamp);
            for (var k = 0; k < stamp.Length; k++) stamp[k] = (float)(stamp[k] * parameters.Scale);
            context.Artifacts.WriteHit([channel, stamp.Average(v => (double)v), i / 3.0, parameters.Label, i % 2 == 0], stamp);
            context.Progress.Report(new SearchProgress(i + 1, parameters.Count, "hits"));
        }
        context.Artifacts.SetSummary("channels", shape.Channels);
        context.Artifacts.SetSummary("scale", parameters.Scale);
        return Task.CompletedTask;
    }
}
