using Reservoir.Sdk.Observations;

namespace Reservoir.Algorithms.EnergyDetection.Tests.Support;

/// <summary>In-memory observations with the header keys energy detection reads.</summary>
internal static class ArrayObservation
{
    /// <summary>A one-IF observation over <paramref name="data"/> (integrations × channels).</summary>
    public static InMemoryObservation SingleIf(float[] data, int integrations, int channels, long? nfpc = null, string source = "memory.fil")
    {
        var header = new List<KeyValuePair<string, object>>
        {
            new("source_name", "TEST"),
            new("fch1", 1500.0),
            new("foff", -2.7939677238464355e-06),
            new("nchans", (long)channels),
            new("nifs", 1L),
            new("tsamp", 18.253611008),
        };
        if (nfpc is { } n) header.Add(new("nfpc", n));
        return new InMemoryObservation(data, new ObservationShape(integrations, 1, channels), new ObservationHeader(header), source);
    }
}
