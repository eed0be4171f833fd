using Reservoir.Formats.Sigproc;
using Reservoir.Sdk.Observations;

namespace Reservoir.Runner.Tests.Support;

/// <summary>A small in-memory observation (one IF) that tests write to .fil with the real SigprocWriter.</summary>
internal sealed class TestObservation : IObservation
{
    public TestObservation(int integrations, int channels, string source = "test")
    {
        Source = source;
        Shape = new ObservationShape(integrations, 1, channels);
        Data = new float[integrations * channels];
        for (var t = 0; t < integrations; t++)
        for (var c = 0; c < channels; c++)
            Data[t * channels + c] = (t * 31 + c * 7) % 97 / 7f + 0.001f * c;
        Header = new ObservationHeader(
        [
            new("source_name", "TEST_SRC"),
            new("fch1", 1500.25),
            new("foff", -0.0029296875),
            new("tstart", 60000.5),
            new("tsamp", 18.253611008),
            new("telescope_id", 6L),
            new("nbits", 32L),
            new("nchans", (long)channels),
            new("nifs", 1L),
        ]);
    }

    /// <summary>data[t, 0, c] at index t * channels + c.</summary>
    public float[] Data { get; }

    public string Source { get; }
    public ObservationHeader Header { get; }
    public ObservationShape Shape { get; }
    public long StoredBytes => Data.Length * 4L;

    public float At(int t, long c) => Data[t * Shape.Channels + c];

    public void Read(DataBlock block, Span<float> destination)
    {
        block.Validate(Shape);
        for (var t = 0; t < block.TimeCount; t++)
            Data.AsSpan((int)((block.TimeStart + t) * Shape.Channels + block.ChannelStart), block.ChannelCount)
                .CopyTo(destination.Slice(t * block.ChannelCount, block.ChannelCount));
    }

    /// <summary>Writes it as a SIGPROC filterbank and returns the path.</summary>
    public string WriteFil(string path)
    {
        SigprocWriter.Write(this, path);
        return path;
    }

    public void Dispose() { }
}
