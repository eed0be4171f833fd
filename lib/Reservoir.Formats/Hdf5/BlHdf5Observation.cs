using System.Buffers;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using Reservoir.Formats.Bitshuffle;
using Reservoir.Sdk;
using Reservoir.Sdk.Observations;

namespace Reservoir.Formats.Hdf5;

/// <summary>
/// A Breakthrough Listen HDF5 file read through PureHDF: dataset <c>data</c> of shape
/// (n_ints, n_ifs, n_chans), any numeric type converted to float32, header = the attributes of
/// <c>data</c>. Plain, deflate and bitshuffle+LZ4 chunks read; float32 bitshuffle+LZ4 chunks (the BL case)
/// through <see cref="BitshuffleChunkReader"/>, everything else through PureHDF. Every failure from the file becomes a
/// <see cref="BadInputException"/> naming the source.
/// </summary>
internal sealed class BlHdf5Observation : IObservation
{
    /// <summary>Largest uncompressed chunk accepted; anything bigger is treated as a corrupt layout.</summary>
    private const long MaxChunkBytes = 1L << 30;

    private readonly NativeFile _file;
    private readonly NativeDataset _data;
    private readonly H5DatasetAccess _access;
    private readonly H5DataTypeClass _typeClass;
    private readonly int _typeSize;
    private readonly bool _signed;
    private readonly BitshuffleChunkReader? _bitshuffle;

    private BlHdf5Observation(string source, long storedBytes, NativeFile file, NativeDataset data, ObservationHeader header, ObservationShape shape, BitshuffleChunkReader? bitshuffle)
    {
        _bitshuffle = bitshuffle;
        Source = source;
        StoredBytes = storedBytes;
        _file = file;
        _data = data;
        Header = header;
        Shape = shape;
        _typeClass = data.Type.Class;
        _typeSize = data.Type.Size;
        _signed = _typeClass == H5DataTypeClass.FixedPoint && data.Type.FixedPoint.IsSigned;
        // A bounded cache: re-reading a chunk for neighbouring blocks is cheap, memory stays bounded.
        _access = new H5DatasetAccess(ChunkCache: new SimpleReadingChunkCache(chunkSlotCount: 521, byteCount: 64UL << 20));
    }

    public string Source { get; }

    public ObservationHeader Header { get; }

    public ObservationShape Shape { get; }

    public long StoredBytes { get; }

    /// <summary>Opens <paramref name="stream"/> (seekable); the observation owns and disposes it.</summary>
    public static BlHdf5Observation Open(Stream stream, string source)
    {
        BitshuffleLz4Filter.Register();
        NativeFile file;
        // PureHDF looks for the superblock from the stream's current position; format detection moved it.
        try { stream.Position = 0; file = H5File.Open(stream, leaveOpen: false); }
        catch (Exception e) { throw new BadInputException($"{source}: not a readable HDF5 file ({Innermost(e)})", e); }
        try
        {
            return Describe(file, stream, source);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static BlHdf5Observation Describe(NativeFile file, Stream stream, string source)
    {
        try
        {
            if (!file.LinkExists("data")) throw new BadInputException($"{source}: HDF5 file has no 'data' dataset (Breakthrough Listen layout expected)");
            if (file.Get("data") is not NativeDataset data) throw new BadInputException($"{source}: 'data' is not a dataset");
            var dims = data.Space.Dimensions;
            if (dims.Length != 3)
                throw new BadInputException($"{source}: 'data' has shape ({string.Join(", ", dims)}); expected 3-D (n_ints, n_ifs, n_chans)");
            if (dims[0] == 0 || dims[0] > int.MaxValue || dims[1] == 0 || dims[1] > 65536 || dims[2] == 0 || dims[2] > 1UL << 34)
                throw new BadInputException($"{source}: 'data' has implausible shape ({string.Join(", ", dims)})");
            var type = data.Type;
            var numeric = type.Class switch
            {
                H5DataTypeClass.FloatingPoint => type.Size is 4 or 8,
                H5DataTypeClass.FixedPoint => type.Size is 1 or 2 or 4 or 8,
                _ => false,
            };
            if (!numeric) throw new BadInputException($"{source}: 'data' has element type {type.Class} of {type.Size} bytes; expected a number");
            if (data.Layout.Class == H5DataLayoutClass.Chunked)
            {
                var chunkBytes = data.Layout.Chunks.Aggregate((double)type.Size, (a, c) => a * c);
                if (chunkBytes > MaxChunkBytes || chunkBytes <= 0)
                    throw new BadInputException($"{source}: 'data' chunks of ({string.Join(", ", data.Layout.Chunks)}) hold {chunkBytes} bytes (limit {MaxChunkBytes})");
            }
            var header = new ObservationHeader(Hdf5HeaderAttributes.Read(data, source));
            var shape = new ObservationShape((int)dims[0], (int)dims[1], (long)dims[2]);
            return new BlHdf5Observation(source, stream.Length, file, data, header, shape, BitshuffleChunkReader.TryCreate(data, stream, shape));
        }
        catch (Exception e) when (e is not BadInputException)
        {
            throw new BadInputException($"{source}: cannot read the HDF5 structure ({Innermost(e)})", e);
        }
    }

    public void Read(DataBlock block, Span<float> destination)
    {
        block.Validate(Shape);
        var count = (int)block.Values;
        if (destination.Length < count) throw new ArgumentException($"destination holds {destination.Length} values, block needs {count}", nameof(destination));
        var output = destination[..count];
        var selection = new HyperslabSelection(3,
            [(ulong)block.TimeStart, (ulong)block.If, (ulong)block.ChannelStart],
            [(ulong)block.TimeCount, 1, (ulong)block.ChannelCount]);
        ulong[] memoryDims = [(ulong)block.TimeCount, 1, (ulong)block.ChannelCount];
        try
        {
            switch (_typeClass, _typeSize, _signed)
            {
                case (H5DataTypeClass.FloatingPoint, 4, _):
                    if (_bitshuffle?.TryRead(block, output) != true) _data.Read(_access, output, selection, null, memoryDims);
                    break;
                case (H5DataTypeClass.FloatingPoint, 8, _): ReadConverted<double>(output, selection, memoryDims, v => (float)v); break;
                case (_, 1, true): ReadConverted<sbyte>(output, selection, memoryDims, v => v); break;
                case (_, 1, false): ReadConverted<byte>(output, selection, memoryDims, v => v); break;
                case (_, 2, true): ReadConverted<short>(output, selection, memoryDims, v => v); break;
                case (_, 2, false): ReadConverted<ushort>(output, selection, memoryDims, v => v); break;
                case (_, 4, true): ReadConverted<int>(output, selection, memoryDims, v => v); break;
                case (_, 4, false): ReadConverted<uint>(output, selection, memoryDims, v => v); break;
                case (_, 8, true): ReadConverted<long>(output, selection, memoryDims, v => v); break;
                default: ReadConverted<ulong>(output, selection, memoryDims, v => v); break;
            }
        }
        catch (Exception e) when (e is not (ArgumentException or BadInputException))
        {
            throw new BadInputException($"{Source}: reading data[{block.TimeStart}:{block.TimeStart + block.TimeCount}, {block.If}, {block.ChannelStart}:{block.ChannelStart + block.ChannelCount}] failed: {Innermost(e)}", e);
        }
    }

    private void ReadConverted<T>(Span<float> output, Selection selection, ulong[] memoryDims, Func<T, float> convert) where T : unmanaged
    {
        var buffer = ArrayPool<T>.Shared.Rent(output.Length);
        try
        {
            var typed = buffer.AsSpan(0, output.Length);
            _data.Read(_access, typed, selection, null, memoryDims);
            for (var i = 0; i < typed.Length; i++) output[i] = convert(typed[i]);
        }
        finally { ArrayPool<T>.Shared.Return(buffer); }
    }

    /// <summary>The innermost message: PureHDF wraps filter failures in "Filter pipeline failed".</summary>
    internal static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) messages.Add(x.Message);
        return string.Join(": ", messages.Distinct());
    }

    /// <summary>True when bitshuffle+LZ4 float32 chunks are read by <see cref="BitshuffleChunkReader"/> rather than PureHDF.</summary>
    internal bool ReadsChunksDirectly => _bitshuffle is not null;

    public void Dispose()
    {
        _bitshuffle?.Dispose();
        _file.Dispose();
    }
}
