namespace Reservoir.Sdk.Observations;

/// <summary>
/// An observation held in memory: <see cref="Data"/> is the (integrations, IFs, channels) float32 cube in C
/// order. For plugin tests, and for tools that build a small cube in memory and hand it to a writer.
/// </summary>
public sealed class InMemoryObservation : IObservation
{
    public InMemoryObservation(float[] data, ObservationShape shape, ObservationHeader header, string source = "memory")
    {
        if (data.LongLength != shape.Values)
            throw new ArgumentException($"{data.LongLength} values do not fill shape {shape.Integrations}×{shape.Ifs}×{shape.Channels}", nameof(data));
        Data = data;
        Shape = shape;
        Header = header;
        Source = source;
    }

    /// <summary>The cube: <c>data[t, if, c]</c> at <c>(t · Ifs + if) · Channels + c</c>.</summary>
    public float[] Data { get; }

    public string Source { get; }

    public ObservationHeader Header { get; }

    public ObservationShape Shape { get; }

    public long StoredBytes => Data.LongLength * sizeof(float);

    /// <summary>How many times <see cref="Read"/> was called (tests check streaming access patterns with it).</summary>
    public int Reads { get; private set; }

    public void Read(DataBlock block, Span<float> destination)
    {
        block.Validate(Shape);
        if (destination.Length < block.Values)
            throw new ArgumentException($"destination holds {destination.Length} values; the block needs {block.Values}", nameof(destination));
        Reads++;
        for (var t = 0; t < block.TimeCount; t++)
        {
            var offset = ((long)(block.TimeStart + t) * Shape.Ifs + block.If) * Shape.Channels + block.ChannelStart;
            Data.AsSpan(checked((int)offset), block.ChannelCount).CopyTo(destination.Slice(t * block.ChannelCount, block.ChannelCount));
        }
    }

    public void Dispose() { }
}
