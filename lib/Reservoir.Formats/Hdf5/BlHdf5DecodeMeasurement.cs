using System.Diagnostics;
using Reservoir.Formats.Bitshuffle;
using Reservoir.Sdk.Observations;

namespace Reservoir.Formats.Hdf5;

/// <summary>Figures from one <see cref="BlHdf5DecodeMeasurement.Run"/>: throughput in MB/s (10^6 bytes of float32 per second).</summary>
public sealed record BlHdf5DecodeFigures(long DataBytes, long FileBytes, double WriteMBps, double CodecDecodeMBps, double ReaderMBps)
{
    public override string ToString() =>
        $"{DataBytes / 1e6:F1} MB float32 → {FileBytes / 1e6:F1} MB file; write {WriteMBps:F0} MB/s; " +
        $"bitshuffle+LZ4 decode only {CodecDecodeMBps:F0} MB/s; reader end to end {ReaderMBps:F0} MB/s";
}

/// <summary>
/// A measurement for benchmarks (never a timed assertion): writes a noise-like float32 observation
/// (chi-squared(2) noise ×1e9 on a smooth bandpass) as BL HDF5 with bitshuffle+LZ4 chunks (1, 1, chunk),
/// then times the chunk codec alone and the full reader reading every integration of IF 0, single-threaded.
/// </summary>
public static class BlHdf5DecodeMeasurement
{
    public static BlHdf5DecodeFigures Run(string directory, int integrations = 16, int channels = 1 << 20, int chunkChannels = 1 << 20, int repeats = 5)
    {
        var values = new float[(long)integrations * channels];
        var random = new Random(42);
        for (var i = 0; i < values.Length; i++)
        {
            var c = i % channels;
            var a = random.NextDouble();
            var chi2 = -2 * Math.Log(1 - a); // chi-squared with 2 degrees of freedom
            values[i] = (float)(chi2 * 1e9 * (1 + 0.3 * Math.Sin(2.0 * c / channels)));
        }
        var header = new ObservationHeader([new("source_name", "MEASURE"), new("nchans", (long)channels), new("nifs", 1L), new("nbits", 32L)]);
        var observation = new InMemoryObservation(values, new ObservationShape(integrations, 1, channels), header, "measurement");
        var dataBytes = values.LongLength * 4;
        var path = Path.Combine(directory, "decode-measurement.h5");

        var watch = Stopwatch.StartNew();
        BlHdf5Writer.Write(observation, path, new BlHdf5WriterOptions { ChunkShape = (1, 1, chunkChannels) });
        var writeSeconds = watch.Elapsed.TotalSeconds;
        var fileBytes = new FileInfo(path).Length;

        // Codec alone: encode one chunk, decode it repeatedly.
        var chunkBytes = chunkChannels * 4;
        var plain = new byte[chunkBytes];
        Buffer.BlockCopy(values, 0, plain, 0, chunkBytes);
        var encoded = new byte[BitshuffleLz4.MaxEncodedLength(chunkBytes, 4, BitshuffleLz4.DefaultBlockElements(4))];
        var encodedLength = BitshuffleLz4.Encode(plain, encoded, 4);
        var decoded = new byte[chunkBytes];
        var codecRounds = Math.Max(1, (int)(dataBytes / chunkBytes)) * repeats;
        BitshuffleLz4.Decode(encoded.AsSpan(0, encodedLength), decoded, 4);
        watch.Restart();
        for (var r = 0; r < codecRounds; r++) BitshuffleLz4.Decode(encoded.AsSpan(0, encodedLength), decoded, 4);
        var codecSeconds = watch.Elapsed.TotalSeconds;

        // Reader end to end: every integration of IF 0 across all channels, one block per chunk column,
        // a fresh reader per pass so no chunk comes from the cache.
        var destination = new float[(long)integrations * chunkChannels];
        double best = double.MaxValue;
        for (var r = 0; r <= repeats; r++)
        {
            using var reader = ObservationFile.Open(path);
            watch.Restart();
            for (long c = 0; c < channels; c += chunkChannels)
                reader.Read(DataBlock.AllTimes(reader.Shape, 0, c, (int)Math.Min(chunkChannels, channels - c)), destination);
            if (r > 0) best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        File.Delete(path);
        return new BlHdf5DecodeFigures(dataBytes, fileBytes, dataBytes / writeSeconds / 1e6, (double)codecRounds * chunkBytes / codecSeconds / 1e6, dataBytes / best / 1e6);
    }
}
