using PureHDF;
using PureHDF.Filters;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using Reservoir.Formats.Bitshuffle;
using Reservoir.Sdk.Observations;

namespace Reservoir.Formats.Hdf5;

/// <summary>
/// Writes any observation as a Breakthrough Listen HDF5 file: dataset <c>data</c>, float32,
/// (n_ints, n_ifs, n_chans), chunked and compressed per <see cref="BlHdf5WriterOptions"/>, every header
/// key an attribute of <c>data</c> (plus BL's <c>DIMENSION_LABELS</c>; file attributes CLASS = FILTERBANK,
/// VERSION = 1.0). Streams chunk by chunk through PureHDF's deferred writer, so memory stays at a few
/// chunks whatever the file size.
/// </summary>
public static class BlHdf5Writer
{
    public static void Write(IObservation observation, string path, BlHdf5WriterOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        Write(observation, stream, options);
    }

    /// <summary>Writes to a readable, writable, seekable stream (PureHDF revisits metadata); leaves it open.</summary>
    public static void Write(IObservation observation, Stream stream, BlHdf5WriterOptions? options = null)
    {
        options ??= new BlHdf5WriterOptions();
        var shape = observation.Shape;
        if (shape.Channels > int.MaxValue) throw new ArgumentException($"{observation.Source}: {shape.Channels} channels is more than this writer supports");
        var chunk = ChunkShape(shape, options);
        BitshuffleLz4Filter.Register();

        List<H5Filter> filters = options.Compression switch
        {
            Hdf5Compression.BitshuffleLz4 => [new H5Filter(BitshuffleLz4Filter.Id)],
            Hdf5Compression.Deflate => [new H5Filter(DeflateFilter.Id)],
            _ => [],
        };
        var dataset = new H5Dataset<float[]>(
            fileDims: [(ulong)shape.Integrations, (ulong)shape.Ifs, (ulong)shape.Channels],
            chunks: [(uint)chunk.Integrations, (uint)chunk.Ifs, (uint)chunk.Channels],
            datasetCreation: new H5DatasetCreation(ChunkCache: new SequentialWritingChunkCache(), Filters: filters));
        foreach (var (key, value) in observation.Header.Entries)
            if (key != "DIMENSION_LABELS") dataset.Attributes[key] = value;
        dataset.Attributes["DIMENSION_LABELS"] = new[] { "time", "feed_id", "frequency" };

        var file = new H5File { ["data"] = dataset };
        file.Attributes["CLASS"] = "FILTERBANK";
        file.Attributes["VERSION"] = "1.0";

        using var writer = file.BeginWrite(stream);
        var buffer = new float[(long)chunk.Integrations * chunk.Ifs * chunk.Channels];
        var row = new float[(long)chunk.Integrations * chunk.Channels];
        for (var t0 = 0; t0 < shape.Integrations; t0 += chunk.Integrations)
        for (var i0 = 0; i0 < shape.Ifs; i0 += chunk.Ifs)
        for (long c0 = 0; c0 < shape.Channels; c0 += chunk.Channels)
        {
            var nt = Math.Min(chunk.Integrations, shape.Integrations - t0);
            var ni = Math.Min(chunk.Ifs, shape.Ifs - i0);
            var nc = (int)Math.Min(chunk.Channels, shape.Channels - c0);
            // Chunk-region layout (t, i, c) with the region's own extents, as the file selection walks it.
            for (var i = 0; i < ni; i++)
            {
                observation.Read(new DataBlock(t0, nt, i0 + i, c0, nc), row);
                for (var t = 0; t < nt; t++)
                    row.AsSpan(t * nc, nc).CopyTo(buffer.AsSpan(((t * ni) + i) * nc, nc));
            }
            var count = (ulong)nt * (ulong)ni * (ulong)nc;
            writer.Write(dataset, buffer,
                memorySelection: new HyperslabSelection(0, count),
                fileSelection: new HyperslabSelection(3, [(ulong)t0, (ulong)i0, (ulong)c0], [(ulong)nt, (ulong)ni, (ulong)nc]));
        }
    }

    internal static (int Integrations, int Ifs, int Channels) ChunkShape(ObservationShape shape, BlHdf5WriterOptions options)
    {
        var requested = options.ChunkShape ?? (1, 1, BlHdf5WriterOptions.DefaultChunkChannels);
        if (requested.Integrations <= 0 || requested.Ifs <= 0 || requested.Channels <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"chunk shape {requested} must be positive in every dimension");
        var chunk = (Math.Min(requested.Integrations, shape.Integrations), Math.Min(requested.Ifs, shape.Ifs), (int)Math.Min(requested.Channels, shape.Channels));
        if ((long)chunk.Item1 * chunk.Item2 * chunk.Item3 > BlHdf5WriterOptions.MaxChunkValues)
            throw new ArgumentOutOfRangeException(nameof(options), $"chunk shape {chunk} holds more than {BlHdf5WriterOptions.MaxChunkValues} values");
        return chunk;
    }
}
