// README
// Build:    dotnet build -c Release
// Install:  mkdir -p <reservoir>/plugins/my-algorithm && cp bin/Release/net10.0/* <reservoir>/plugins/my-algorithm/
//           (<reservoir>/plugins is the runner's default; `reservoir run --plugins DIR` or env
//           RESERVOIR_PLUGINS point it elsewhere. Keep the .deps.json beside the dll.)
// Check:    reservoir run --help        lists my-algorithm with every parameter, default and range
// Run:      reservoir run --algorithm my-algorithm --input obs.fil --output results/ [--param name=value]...
// Results:  results/<observation>/my-algorithm/filtered.npy, info_df.csv, header.json, manifest.json (last)

using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;
using Reservoir.Sdk.Observations;

namespace ReservoirPlugin;

/// <summary>
/// my-algorithm: splits the band into blocks of <c>block_channels</c> channels and reports each block's
/// brightest channel (highest time-mean power) as a hit; the stamp is that channel's time series.
/// Replace the body of <see cref="RunAsync"/> with your search; keep reading the data block by block so
/// memory stays bounded whatever the file size.
/// </summary>
public sealed class ReservoirPluginAlgorithm : Algorithm<ReservoirPluginParameters>
{
    public override string Name => "my-algorithm";
    public override string Version => "0.1.0";
    public override string Description => "brightest channel (time-mean power) of each block of channels";

    public override Task RunAsync(AlgorithmContext context, ReservoirPluginParameters parameters, CancellationToken cancellationToken)
    {
        var observation = context.Observation;
        var shape = observation.Shape;
        if (parameters.IfIndex >= shape.Ifs)
            throw new BadParameterException("if_index", $"{parameters.IfIndex} is outside the observation's {shape.Ifs} IF(s)");

        // Columns of info_df.csv and the shape of one stamp in filtered.npy: declare them first, always.
        context.Artifacts.Begin(new ArtifactSchema(["channel", "freq_mhz", "mean_power"], [shape.Integrations]));

        var fch1 = observation.Header.Fch1 ?? 0;
        var foff = observation.Header.Foff ?? 1;
        var blocks = (shape.Channels + parameters.BlockChannels - 1) / parameters.BlockChannels;
        var data = new float[(long)shape.Integrations * Math.Min(parameters.BlockChannels, shape.Channels)];
        var stamp = new float[shape.Integrations];
        for (long b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = b * parameters.BlockChannels;
            var width = (int)Math.Min(parameters.BlockChannels, shape.Channels - start);
            observation.Read(DataBlock.AllTimes(shape, parameters.IfIndex, start, width), data);

            var best = 0;
            var bestMean = double.NegativeInfinity;
            for (var c = 0; c < width; c++)
            {
                double sum = 0;
                for (var t = 0; t < shape.Integrations; t++) sum += data[(long)t * width + c];
                var mean = sum / shape.Integrations;
                if (mean > bestMean) (best, bestMean) = (c, mean);
            }
            for (var t = 0; t < shape.Integrations; t++) stamp[t] = data[(long)t * width + best];
            var channel = start + best;
            context.Artifacts.WriteHit([channel, fch1 + channel * foff, bestMean], stamp);
            context.Progress.Report(new SearchProgress(b + 1, blocks, "blocks"));
        }
        context.Artifacts.SetSummary("blocks", blocks);
        return Task.CompletedTask;
    }
}
