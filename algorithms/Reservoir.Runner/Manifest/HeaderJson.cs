using System.Text.Json;
using Reservoir.Sdk.Observations;

namespace Reservoir.Runner.Manifest;

/// <summary><c>header.json</c>: every header key of the observation, in file order, as one JSON object.</summary>
internal static class HeaderJson
{
    public static void Write(ObservationHeader header, Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, JsonValues.Indented);
        json.WriteStartObject();
        foreach (var (key, value) in header.Entries)
        {
            json.WritePropertyName(key);
            JsonValues.Write(json, value);
        }
        json.WriteEndObject();
    }
}
