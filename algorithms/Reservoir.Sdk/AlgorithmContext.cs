using Microsoft.Extensions.Logging;
using Reservoir.Sdk.Artifacts;
using Reservoir.Sdk.Observations;

namespace Reservoir.Sdk;

/// <summary>What the runner hands an algorithm for one run.</summary>
public sealed class AlgorithmContext
{
    public AlgorithmContext(IObservation observation, IArtifactWriter artifacts, ILogger logger, IProgress<SearchProgress> progress, string scratchDirectory)
    {
        Observation = observation;
        Artifacts = artifacts;
        Logger = logger;
        Progress = progress;
        ScratchDirectory = scratchDirectory;
    }

    /// <summary>The opened observation: header and streamed data. Owned by the runner.</summary>
    public IObservation Observation { get; }

    /// <summary>Where hits and stamps go; the runner finishes the artifacts after <c>RunAsync</c> returns.</summary>
    public IArtifactWriter Artifacts { get; }

    public ILogger Logger { get; }

    /// <summary>Report progress as work units done of a total (e.g. coarse channels).</summary>
    public IProgress<SearchProgress> Progress { get; }

    /// <summary>A private writable folder for temporary files, deleted after the run.</summary>
    public string ScratchDirectory { get; }
}

/// <summary>Progress of one run: <paramref name="Done"/> of <paramref name="Total"/> units.</summary>
public readonly record struct SearchProgress(long Done, long Total, string Unit);
