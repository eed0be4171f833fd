using System.Globalization;
using Reservoir.Synthetic;
using Reservoir.Synthetic.Files;

namespace Reservoir.Cli.Local;

/// <summary>
/// The demo's own observations: small synthetic Breakthrough Listen HDF5 files with drifting tones
/// (<c>demo-0001.h5</c>, …) and each one's answer key (<c>demo-0001.truth.json</c>). Generation is
/// deterministic, so a file already there is kept; files appear whole (the writer renames them into place).
/// </summary>
internal static class DemoObservations
{
    /// <summary>
    /// Size of one demo observation: 4 coarse channels of W = 2^17 fine channels, 16 integrations, 6 tones —
    /// 32 MiB of float32, big enough to show real work and every artifact, small enough for a laptop.
    /// </summary>
    public static readonly DemoOptions Options = new()
    {
        CoarseChannels = 4,
        FineChannelsPerCoarse = 1 << 17,
        Integrations = 16,
        Tones = 6,
    };

    public static string IdFor(int index) => string.Create(CultureInfo.InvariantCulture, $"demo-{index:0000}");

    /// <summary>Makes sure <paramref name="count"/> demo observations exist in <paramref name="folder"/>; reports each new one.</summary>
    public static IReadOnlyList<ObservationInput> Ensure(string folder, int count, DemoOptions options, Action<string> report)
    {
        Directory.CreateDirectory(folder);
        var inputs = new List<ObservationInput>();
        for (var i = 1; i <= count; i++)
        {
            var id = IdFor(i);
            var path = Path.Combine(folder, id + ".h5");
            var spec = SyntheticObservationSpec.Demo((ulong)i, options);
            if (!File.Exists(path))
            {
                var written = SyntheticFileWriter.Write(spec, path, SyntheticFileFormat.BlHdf5);
                report(string.Create(CultureInfo.InvariantCulture,
                    $"generated {path} ({written.Bytes / 1048576.0:F1} MiB, {spec.Tones.Count} tones) in {written.TotalTime.TotalSeconds:F1} s"));
            }
            var truth = Path.Combine(folder, id + ".truth.json");
            if (!File.Exists(truth)) TruthFile.Write(truth, spec);
            inputs.Add(new ObservationInput(id, path));
        }
        return inputs;
    }
}
