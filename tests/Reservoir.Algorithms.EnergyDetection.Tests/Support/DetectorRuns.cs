using Reservoir.Algorithms.EnergyDetection.Detection;
using Reservoir.Sdk.Observations;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Support;

/// <summary>Every window's K² of an observation, through the internal detector (the algorithm reports only hits).</summary>
internal static class DetectorRuns
{
    public static List<ScipyReference.Window> AllWindows(IObservation observation, EnergyDetectionParameters parameters)
    {
        var geometry = SearchGeometry.Create(parameters, observation);
        var detector = new CoarseChannelDetector(geometry);
        var block = new float[geometry.Integrations * geometry.CoarseWidth];
        var statistics = new double[detector.WindowCount];
        var result = new List<ScipyReference.Window>();
        for (var c = 0; c < geometry.CoarseChannels; c++)
        {
            observation.Read(DataBlock.AllTimes(observation.Shape, parameters.IfIndex, (long)c * geometry.CoarseWidth, geometry.CoarseWidth), block);
            detector.Process(block, statistics);
            for (var w = 0; w < detector.WindowCount; w++) result.Add(new(c, detector.WindowStart(w), statistics[w]));
        }
        return result;
    }
}
