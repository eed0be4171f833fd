using System.Text.Json;

namespace Reservoir.Synthetic;

/// <summary>
/// The answer key of a synthetic observation as JSON (snake_case keys): the spec's geometry, every tone's
/// <see cref="ToneTruth"/> and the bursts, so a search's hits can be scored against it from any language.
/// </summary>
public static class TruthFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static string ToJson(SyntheticObservationSpec spec) => JsonSerializer.Serialize(new
    {
        spec.Seed,
        spec.SourceName,
        spec.Integrations,
        spec.Ifs,
        spec.CoarseChannels,
        spec.FineChannelsPerCoarse,
        Nchans = spec.TotalChannels,
        spec.Fch1,
        spec.Foff,
        spec.Tsamp,
        spec.Tstart,
        spec.NoiseDegreesOfFreedom,
        spec.DcOffset,
        spec.DcSpikeFactor,
        ToneTruth.WindowWidth,
        ToneTruth.WindowStep,
        Tones = ToneTruth.For(spec),
        spec.Bursts,
    }, Options);

    /// <summary>Writes the JSON to <paramref name="path"/> (replacing it).</summary>
    public static void Write(string path, SyntheticObservationSpec spec) => File.WriteAllText(path, ToJson(spec) + "\n");
}
