using Reservoir.Sdk.Observations;

namespace Reservoir.Formats.Tests;

/// <summary>An in-memory observation over a (t, if, chan) float32 array, for writer round trips.</summary>
internal sealed class ArrayObservation(ObservationShape shape, float[] values, ObservationHeader header, string source = "array") : IObservation
{
    public string Source => source;
    public ObservationHeader Header => header;
    public ObservationShape Shape => shape;
    public long StoredBytes => values.LongLength * 4;
    public float[] Values => values;

    public void Read(DataBlock block, Span<float> destination)
    {
        block.Validate(shape);
        for (var t = 0; t < block.TimeCount; t++)
            values.AsSpan((int)((((long)block.TimeStart + t) * shape.Ifs + block.If) * shape.Channels + block.ChannelStart), block.ChannelCount)
                .CopyTo(destination.Slice(t * block.ChannelCount, block.ChannelCount));
    }

    public void Dispose() { }

    /// <summary>Chi-squared-like noise ×1e9 on a smooth bandpass, seeded.</summary>
    public static ArrayObservation Noise(int integrations, int ifs, int channels, int seed = 1)
    {
        var random = new Random(seed);
        var values = new float[(long)integrations * ifs * channels];
        for (var i = 0; i < values.Length; i++)
        {
            var c = i % channels;
            var bandpass = 1 + 0.5 * Math.Sin(3.0 * c / channels);
            var a = random.NextDouble() - 0.5;
            var b = random.NextDouble() - 0.5;
            values[i] = (float)((a * a + b * b) * 4e9 * bandpass);
        }
        var header = new ObservationHeader([
            new("telescope_id", 6L), new("source_name", "SYNTH"), new("fch1", 1500.0), new("foff", -2.7939677238464355e-06),
            new("nchans", (long)channels), new("nifs", (long)ifs), new("nbits", 32L), new("tsamp", 18.253611008), new("tstart", 60000.5),
            new("rawdatafile", "synthetic.raw"), new("ibeam", -1L),
        ]);
        return new ArrayObservation(new ObservationShape(integrations, ifs, channels), values, header);
    }
}
