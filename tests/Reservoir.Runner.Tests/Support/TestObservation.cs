using Reservoir.Formats.Sigproc;
using Reservoir.Sdk.Observations;

namespace Reservoir.Runner.Tests.Support;

/// <summary>A small deterministic one-IF observation that tests write to .fil with the real SigprocWriter.</summary>
internal sealed class TestObservation
{
    public TestObservation(int integrations, int channels, string source = "test")
    {
        var data = new float[integrations * channels];
        for (var t = 0; t < integrations; t++)
        for (var c = 0; c < channels; c++)
            data[t * channels + c] = (t * 31 + c * 7) % 97 / 7f + 0.001f * c;
        var header = new ObservationHeader(
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
        Observation = new InMemoryObservation(data, new ObservationShape(integrations, 1, channels), header, source);
    }

    public InMemoryObservation Observation { get; }

    /// <summary>data[t, 0, c] at index t * channels + c.</summary>
    public float[] Data => Observation.Data;

    public ObservationHeader Header => Observation.Header;

    public ObservationShape Shape => Observation.Shape;

    public float At(int t, long c) => Data[t * Shape.Channels + c];

    /// <summary>Writes it as a SIGPROC filterbank and returns the path.</summary>
    public string WriteFil(string path)
    {
        SigprocWriter.Write(Observation, path);
        return path;
    }
}
