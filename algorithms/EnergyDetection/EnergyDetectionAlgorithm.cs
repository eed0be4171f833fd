using System.Runtime.CompilerServices;
using Reservoir.Sdk.Memory;
using Microsoft.Extensions.Logging;
using Reservoir.Algorithms.EnergyDetection.Detection;
using Reservoir.Algorithms.EnergyDetection.Statistics;
using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;
using Reservoir.Sdk.Observations;

namespace Reservoir.Algorithms.EnergyDetection;

/// <summary>
/// Breakthrough Listen fine-resolution energy detection (ARCHITECTURE.md, "Algorithms"). Per coarse channel c
/// of width W (header <c>nfpc</c>, else <c>coarse_channel_width</c>) it reads IF <c>if_index</c> for every
/// integration, repairs the DC spike, removes the bandpass with a least-squares cubic spline of the time-mean
/// spectrum and tests windows of <c>window</c> channels every <c>step</c> channels with the
/// D'Agostino–Pearson K² (scipy.stats.normaltest over all integrations × window values). A window whose K²
/// exceeds <c>threshold</c> is a hit: row (index = c·W + window start, statistic = K², pvalue = exp(−K²/2),
/// freqs = fch1 + index·foff in MHz, coarse_channel = c) and stamp = its filtered values as float32,
/// shape (integrations, window). Memory: one coarse channel of float32 plus a few W-long vectors.
/// </summary>
public sealed class EnergyDetectionAlgorithm : Algorithm<EnergyDetectionParameters>
{
    /// <summary>Columns of <c>info_df.csv</c>, in order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["index", "statistic", "pvalue", "freqs", "coarse_channel"];

    public override string Name => "energy-detection";

    public override string Version => "1.0.0";

    public override string Description => "Breakthrough Listen energy detection: spline-flattened coarse channels, D'Agostino-Pearson K^2 per window";

    public override Task RunAsync(AlgorithmContext context, EnergyDetectionParameters parameters, CancellationToken cancellationToken) =>
        Task.Run(() => Run(context, parameters, cancellationToken), cancellationToken);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once: no tier-0 code for its per-channel loop
    private static void Run(AlgorithmContext context, EnergyDetectionParameters parameters, CancellationToken cancellationToken)
    {
        var observation = context.Observation;
        var geometry = SearchGeometry.Create(parameters, observation);
        var fch1 = observation.Header.Fch1 ?? throw new BadInputException($"{observation.Source}: header has no fch1 (frequency of channel 0), needed for the freqs column");
        var foff = observation.Header.Foff ?? throw new BadInputException($"{observation.Source}: header has no foff (channel width), needed for the freqs column");
        var detector = new CoarseChannelDetector(geometry);

        context.Artifacts.Begin(new ArtifactSchema(Columns, [geometry.Integrations, geometry.Window]));
        context.Logger.LogInformation(
            "energy-detection: {Source}: {Coarse} coarse channels of {Width}, {Windows} windows each, IF {If}",
            observation.Source, geometry.CoarseChannels, geometry.CoarseWidth, detector.WindowCount, parameters.IfIndex);

        using var buffer = new LargeBuffer<float>(geometry.Integrations * geometry.CoarseWidth);
        var block = buffer.Span;
        var statistics = new double[detector.WindowCount];
        var stamp = new float[geometry.WindowValues];
        var row = new object[Columns.Count];
        for (var c = 0; c < geometry.CoarseChannels; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = (long)c * geometry.CoarseWidth;
            detector.Process(observation, parameters.IfIndex, first, block, statistics);
            for (var w = 0; w < detector.WindowCount; w++)
            {
                if (!(statistics[w] > parameters.Threshold)) continue;
                var index = first + detector.WindowStart(w);
                detector.CopyStamp(block, w, stamp);
                row[0] = index;
                row[1] = statistics[w];
                row[2] = DAgostinoPearson.PValue(statistics[w]);
                row[3] = fch1 + index * foff;
                row[4] = (long)c;
                context.Artifacts.WriteHit(row, stamp);
            }
            context.Progress.Report(new SearchProgress(c + 1, geometry.CoarseChannels, "coarse channels"));
        }

        context.Artifacts.SetSummary("windows_tested", (long)detector.WindowCount * geometry.CoarseChannels);
        context.Artifacts.SetSummary("coarse_channels", (long)geometry.CoarseChannels);
        context.Artifacts.SetSummary("coarse_channel_width", (long)geometry.CoarseWidth);
        context.Logger.LogInformation("energy-detection: {Source}: {Hits} hits", observation.Source, context.Artifacts.HitCount);
    }
}
