using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;
using Reservoir.Sdk.Observations;
using Xunit;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Support;

internal sealed class RecordingProgress : IProgress<SearchProgress>
{
    public List<SearchProgress> Reports { get; } = [];
    public void Report(SearchProgress value) => Reports.Add(value);
}

internal static class Contexts
{
    /// <summary>Runs energy detection with <paramref name="parameters"/> given as name=value text, as the runner would.</summary>
    public static (RecordingArtifactWriter Artifacts, RecordingProgress Progress) Run(IObservation observation, params (string Name, string Value)[] parameters)
    {
        var artifacts = new RecordingArtifactWriter();
        var progress = new RecordingProgress();
        var context = new AlgorithmContext(observation, artifacts, NullLogger.Instance, progress, Path.GetTempPath());
        IAlgorithm algorithm = new EnergyDetectionAlgorithm();
        var bound = ParameterBinder.Bind(algorithm.ParametersType, parameters.ToDictionary(p => p.Name, p => p.Value));
        algorithm.RunAsync(context, bound, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return (artifacts, progress);
    }
}
