using Reservoir.Sdk.Observations;

namespace Reservoir.Algorithms.EnergyDetection.Benchmark;

/// <summary>
/// One coarse channel held in memory (integrations × W float32, one IF) that serves reads by copying rows,
/// standing in for a decoder that writes each integration into the caller's block.
/// </summary>
internal sealed class RowCopyingObservation(float[] data, int integrations, int width) : IObservation
{
    public string Source => "benchmark";

    public ObservationHeader Header { get; } = new([]);

    public ObservationShape Shape { get; } = new(integrations, 1, width);

    public long StoredBytes => data.LongLength * sizeof(float);

    public void Read(DataBlock block, Span<float> destination)
    {
        block.Validate(Shape);
        for (var t = 0; t < block.TimeCount; t++)
            data.AsSpan((int)((block.TimeStart + t) * Shape.Channels + block.ChannelStart), block.ChannelCount)
                .CopyTo(destination.Slice(t * block.ChannelCount, block.ChannelCount));
    }

    public void Dispose() { }
}
