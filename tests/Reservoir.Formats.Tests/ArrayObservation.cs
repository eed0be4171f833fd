using Reservoir.Sdk.Observations;

namespace Reservoir.Formats.Tests;

/// <summary>In-memory observations for writer round trips.</summary>
internal static class ArrayObservation
{
    /// <summary>Chi-squared-like noise ×1e9 on a smooth bandpass, seeded.</summary>
    public static InMemoryObservation Noise(int integrations, int ifs, int channels, int seed = 1)
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
        return new InMemoryObservation(values, new ObservationShape(integrations, ifs, channels), header, "array");
    }
}
