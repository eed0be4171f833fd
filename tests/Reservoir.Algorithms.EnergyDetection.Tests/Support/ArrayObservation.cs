using Reservoir.Sdk.Observations;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Support;

/// <summary>An observation held in memory: data (integrations, IFs, channels) float32, C order, and a header.</summary>
internal sealed class ArrayObservation : IObservation
{
    private readonly float[] _data;

    public ArrayObservation(float[] data, ObservationShape shape, IEnumerable<KeyValuePair<string, object>> header, string source = "memory.fil")
    {
        if (data.LongLength != shape.Values) throw new ArgumentException($"{data.Length} values do not fill {shape}");
        _data = data;
        Shape = shape;
        Header = new ObservationHeader(header);
        Source = source;
    }

    /// <summary>A one-IF observation with the header keys energy detection reads.</summary>
    public static ArrayObservation SingleIf(float[] data, int integrations, int channels, long? nfpc = null, string source = "memory.fil")
    {
        var header = new List<KeyValuePair<string, object>>
        {
            new("source_name", "TEST"),
            new("fch1", 1500.0),
            new("foff", -2.7939677238464355e-06),
            new("nchans", (long)channels),
            new("nifs", 1L),
            new("tsamp", 18.253611008),
        };
        if (nfpc is { } n) header.Add(new("nfpc", n));
        return new ArrayObservation(data, new ObservationShape(integrations, 1, channels), header, source);
    }

    public string Source { get; }
    public ObservationHeader Header { get; }
    public ObservationShape Shape { get; }
    public long StoredBytes => _data.LongLength * 4;
    public int Reads { get; private set; }

    public void Read(DataBlock block, Span<float> destination)
    {
        block.Validate(Shape);
        Reads++;
        for (var t = 0; t < block.TimeCount; t++)
        {
            var offset = ((long)(block.TimeStart + t) * Shape.Ifs + block.If) * Shape.Channels + block.ChannelStart;
            _data.AsSpan((int)offset, block.ChannelCount).CopyTo(destination.Slice(t * block.ChannelCount, block.ChannelCount));
        }
    }

    public void Dispose() { }
}
