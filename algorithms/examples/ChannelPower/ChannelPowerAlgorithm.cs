// README
// Build:    dotnet build -c Release
// Install:  mkdir -p <reservoir>/plugins/channel-power && cp bin/Release/net10.0/* <reservoir>/plugins/channel-power/
//           (<reservoir>/plugins is the runner's default; `reservoir run --plugins DIR` or env
//           RESERVOIR_PLUGINS point it elsewhere. Keep the .deps.json beside the dll.)
// Check:    reservoir run --help        lists channel-power with every parameter, default and range
// Run:      reservoir run --algorithm channel-power --input obs.fil --output results/ [--param name=value]...
// Results:  results/<observation>/channel-power/filtered.npy, info_df.csv, header.json, manifest.json (last)

using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;
using Reservoir.Sdk.Observations;

namespace ChannelPower;

/// <summary>
/// channel-power (example plugin, generated from the reservoir-plugin template): the <c>top</c> channels
/// with the highest time-mean power, brightest first (ties: lower channel first). Row: channel, frequency
/// (MHz, fch1 + channel × foff), mean power; stamp: that channel's time series, shape (n_ints,).
/// Two passes over the data, both block by block: first the means (keeping only the best <c>top</c> in a
/// heap), then the chosen channels' time series.
/// </summary>
public sealed class ChannelPowerAlgorithm : Algorithm<ChannelPowerParameters>
{
    public override string Name => "channel-power";
    public override string Version => "1.0.0";
    public override string Description => "the top-N channels by time-mean power, each with its time series";

    public override Task RunAsync(AlgorithmContext context, ChannelPowerParameters parameters, CancellationToken cancellationToken)
    {
        var observation = context.Observation;
        var shape = observation.Shape;
        if (parameters.IfIndex >= shape.Ifs)
            throw new BadParameterException("if_index", $"{parameters.IfIndex} is outside the observation's {shape.Ifs} IF(s)");
        context.Artifacts.Begin(new ArtifactSchema(["channel", "freq_mhz", "mean_power"], [shape.Integrations]));

        var best = FindBrightest(context, parameters, cancellationToken);

        var fch1 = observation.Header.Fch1 ?? 0;
        var foff = observation.Header.Foff ?? 1;
        var stamp = new float[shape.Integrations];
        foreach (var (channel, mean) in best)
        {
            cancellationToken.ThrowIfCancellationRequested();
            observation.Read(DataBlock.AllTimes(shape, parameters.IfIndex, channel, 1), stamp);
            context.Artifacts.WriteHit([channel, fch1 + channel * foff, mean], stamp);
        }
        context.Artifacts.SetSummary("channels_scanned", shape.Channels);
        return Task.CompletedTask;
    }

    /// <summary>The brightest channels, brightest first, from one blockwise pass.</summary>
    private static List<(long Channel, double Mean)> FindBrightest(AlgorithmContext context, ChannelPowerParameters parameters, CancellationToken cancellationToken)
    {
        var shape = context.Observation.Shape;
        // Min-heap on (mean, -channel): the root is the weakest of the current best.
        var heap = new PriorityQueue<long, (double Mean, long NegChannel)>();
        var width = (int)Math.Min(parameters.BlockChannels, shape.Channels);
        var data = new float[(long)shape.Integrations * width];
        var sums = new double[width];
        var blocks = (shape.Channels + width - 1) / width;
        for (long b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = b * width;
            var count = (int)Math.Min(width, shape.Channels - start);
            context.Observation.Read(DataBlock.AllTimes(shape, parameters.IfIndex, start, count), data);
            Array.Clear(sums);
            for (var t = 0; t < shape.Integrations; t++)
            {
                var row = data.AsSpan(t * count, count);
                for (var c = 0; c < count; c++) sums[c] += row[c];
            }
            for (var c = 0; c < count; c++)
            {
                var key = (sums[c] / shape.Integrations, -(start + c));
                if (heap.Count < parameters.Top) heap.Enqueue(start + c, key);
                else if (heap.TryPeek(out _, out var weakest) && key.CompareTo(weakest) > 0) heap.EnqueueDequeue(start + c, key);
            }
            context.Progress.Report(new SearchProgress(b + 1, blocks, "blocks"));
        }
        var result = new List<(long, double)>(heap.Count);
        while (heap.TryDequeue(out var channel, out var key)) result.Add((channel, key.Mean));
        result.Reverse();
        return result;
    }
}
