namespace Reservoir.Sdk.Observations;

/// <summary>
/// An opened observation: a header and a data cube of shape (integrations, IFs, channels) of float32,
/// read in blocks so memory stays bounded whatever the file size. Implementations are not thread-safe:
/// one reader per thread.
/// </summary>
public interface IObservation : IDisposable
{
    /// <summary>Where it came from (file name or URI), used in every error message.</summary>
    string Source { get; }

    ObservationHeader Header { get; }

    ObservationShape Shape { get; }

    /// <summary>Size of the input in bytes as stored (compressed size for HDF5).</summary>
    long StoredBytes { get; }

    /// <summary>
    /// Reads <c>data[block.TimeStart .. +TimeCount, block.If, block.ChannelStart .. +ChannelCount]</c> into
    /// <paramref name="destination"/>, time-major (row t starts at <c>t * ChannelCount</c>), converted to float32.
    /// Throws <see cref="ArgumentOutOfRangeException"/> for a block outside <see cref="Shape"/> and
    /// <see cref="BadInputException"/> when the file turns out corrupt or truncated.
    /// </summary>
    void Read(DataBlock block, Span<float> destination);
}

/// <summary>The data cube's dimensions.</summary>
public readonly record struct ObservationShape(int Integrations, int Ifs, long Channels)
{
    public long Values => (long)Integrations * Ifs * Channels;
}

/// <summary>A rectangle of the data cube for one IF: a time range by a channel range.</summary>
public readonly record struct DataBlock(int TimeStart, int TimeCount, int If, long ChannelStart, int ChannelCount)
{
    public long Values => (long)TimeCount * ChannelCount;

    /// <summary>Every integration of one IF over a channel range.</summary>
    public static DataBlock AllTimes(ObservationShape shape, int ifIndex, long channelStart, int channelCount) =>
        new(0, shape.Integrations, ifIndex, channelStart, channelCount);

    /// <summary>Throws unless the block lies inside <paramref name="shape"/> and is not empty.</summary>
    public void Validate(ObservationShape shape)
    {
        if (TimeStart < 0 || TimeCount <= 0 || (long)TimeStart + TimeCount > shape.Integrations)
            throw new ArgumentOutOfRangeException(nameof(TimeStart), $"time range {TimeStart}+{TimeCount} is outside 0..{shape.Integrations}");
        if (If < 0 || If >= shape.Ifs)
            throw new ArgumentOutOfRangeException(nameof(If), $"IF {If} is outside 0..{shape.Ifs - 1}");
        if (ChannelStart < 0 || ChannelCount <= 0 || ChannelStart + ChannelCount > shape.Channels)
            throw new ArgumentOutOfRangeException(nameof(ChannelStart), $"channel range {ChannelStart}+{ChannelCount} is outside 0..{shape.Channels}");
    }
}
