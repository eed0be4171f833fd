namespace Reservoir.Formats.Hdf5;

/// <summary>How <see cref="BlHdf5Writer"/> compresses the <c>data</c> chunks.</summary>
public enum Hdf5Compression
{
    /// <summary>Bitshuffle + LZ4 (filter 32008, cd_values (0, 3, 4, 0, 2)), as Breakthrough Listen writes.</summary>
    BitshuffleLz4,
    /// <summary>HDF5 deflate (gzip) filter.</summary>
    Deflate,
    /// <summary>No filter.</summary>
    None,
}

/// <summary>Options for <see cref="BlHdf5Writer"/>; validated when writing starts.</summary>
public sealed record BlHdf5WriterOptions
{
    /// <summary>The default channel extent of a chunk, 2^20 (one BL coarse channel of fine channels).</summary>
    public const int DefaultChunkChannels = 1 << 20;

    /// <value>The default value is <see cref="Hdf5Compression.BitshuffleLz4"/>.</value>
    public Hdf5Compression Compression { get; init; } = Hdf5Compression.BitshuffleLz4;

    /// <summary>
    /// Chunk shape (integrations, IFs, channels), each clipped to the data's extent.
    /// <value>The default value is null, meaning (1, 1, min(n_chans, 2^20)).</value>
    /// </summary>
    public (int Integrations, int Ifs, int Channels)? ChunkShape { get; init; }

    /// <summary>Largest chunk accepted, 256 MiB of float32: a writer holds a few chunks in memory.</summary>
    public const long MaxChunkValues = 64L << 20;
}
