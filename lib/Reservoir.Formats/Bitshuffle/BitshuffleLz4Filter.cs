using PureHDF.Filters;

namespace Reservoir.Formats.Bitshuffle;

/// <summary>
/// HDF5 filter 32008 (bitshuffle) for PureHDF, LZ4 mode only. Filter parameters (HDF5 cd_values) are
/// (major version, minor version, element size, block size in elements or 0 = default, compression)
/// with compression 2 = LZ4, as written by the bitshuffle plugin: (0, 3, 4, 0, 2) for float32.
/// Registered once per process by <see cref="Register"/>.
/// </summary>
public sealed class BitshuffleLz4Filter : IH5Filter
{
    public const ushort Id = 32008;
    public const uint CompressionLz4 = 2;

    private static int _registered;

    public ushort FilterId => Id;

    public string Name => "bitshuffle";

    /// <summary>Registers the filter with PureHDF (idempotent, thread-safe).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0) H5Filter.Register(new BitshuffleLz4Filter());
    }

    public Memory<byte> Filter(FilterInfo info)
    {
        var parameters = info.Parameters ?? [];
        if (parameters.Length < 3 || parameters[2] is 0 or > 64)
            throw new InvalidDataException($"bitshuffle filter parameters ({string.Join(", ", parameters)}) carry no valid element size");
        var elementSize = (int)parameters[2];
        var compression = parameters.Length > 4 ? parameters[4] : 0;
        if (compression != CompressionLz4)
            throw new InvalidDataException($"bitshuffle compression {compression} is not supported (only 2 = LZ4)");

        if (info.Flags.HasFlag(H5FilterFlags.Decompress))
        {
            var source = info.Buffer.Span;
            var size = BitshuffleLz4.ReadUncompressedSize(source);
            if (info.ChunkSize > 0 && size != info.ChunkSize)
                throw new InvalidDataException($"bitshuffle chunk claims {size} uncompressed bytes, the dataset's chunk holds {info.ChunkSize}");
            // Every byte is overwritten by Decode (or the read fails), so skip zeroing the (often 4 MiB) array.
            var output = GC.AllocateUninitializedArray<byte>((int)size);
            BitshuffleLz4.Decode(source, output, elementSize);
            return output;
        }

        var blockElements = parameters.Length > 3 ? (int)parameters[3] : 0;
        var input = info.Buffer.Span;
        var encoded = new byte[BitshuffleLz4.MaxEncodedLength(input.Length, elementSize, blockElements == 0 ? BitshuffleLz4.DefaultBlockElements(elementSize) : blockElements)];
        var length = BitshuffleLz4.Encode(input, encoded, elementSize, blockElements);
        return encoded.AsMemory(0, length);
    }

    public uint[] GetParameters(uint[] chunkDimensions, uint typeSize, Dictionary<string, object>? options) =>
        [0, 3, typeSize, 0, CompressionLz4];
}
