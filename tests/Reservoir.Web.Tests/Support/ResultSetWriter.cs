using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Reservoir.Formats.Npy;
using Reservoir.Runner.Manifest;
using Reservoir.Storage;

namespace Reservoir.Web.Tests.Support;

/// <summary>
/// Writes result sets in the runner's layout for tests: stamps through <see cref="NpyWriter"/>, info_df as
/// the runner formats it, header.json, and manifest.json through the runner's <see cref="RunManifest"/>.
/// Stamps are noise plus a bright drifting line, so a rendered waterfall is never flat.
/// </summary>
internal static class ResultSetWriter
{
    public const double Fch1 = 6663.99999987334, Foff = -1.3969838619232178e-06, Tsamp = 1.431655765333332;

    /// <summary>An energy-detection style result: <paramref name="hits"/> stamps of 16 × 64, frequencies spread over the band.</summary>
    public static Task WriteEnergyAsync(IObjectStore store, string prefix, string observation, int hits, string algorithm = "energy-detection")
    {
        var rows = Enumerable.Range(0, hits).Select(i =>
        {
            var index = 1000 + 37 * i * i % 100_000;
            var freq = Fch1 + index * Foff;
            return new[] { index.ToString(CultureInfo.InvariantCulture), (3000.0 + 500 * ((i * 7) % hits)).ToString("R", CultureInfo.InvariantCulture),
                "1.5E-12", freq.ToString("R", CultureInfo.InvariantCulture), "0" };
        }).ToList();
        return WriteAsync(store, prefix, observation, algorithm, ["index", "statistic", "pvalue", "freqs", "coarse_channel"], rows, hits);
    }

    /// <summary>A classifier result: columns item, prediction, prediction_str, confidence beside one stamp per item.</summary>
    public static Task WriteClassifierAsync(IObjectStore store, string prefix, string observation, string[] labels)
    {
        var rows = labels.Select((label, i) => new[] { i.ToString(CultureInfo.InvariantCulture), (label == "signal" ? 1 : 0).ToString(CultureInfo.InvariantCulture), label,
            (0.5 + 0.49 * i / labels.Length).ToString("R", CultureInfo.InvariantCulture) }).ToList();
        return WriteAsync(store, prefix, observation, "cnn-classifier", ["item", "prediction", "prediction_str", "confidence"], rows, labels.Length);
    }

    public static async Task WriteAsync(IObjectStore store, string prefix, string observation, string algorithm,
        string[] columns, IReadOnlyList<string[]> rows, int stamps, int nInts = 16, int window = 64)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["filtered.npy"] = Stamps(stamps, nInts, window, observation.GetHashCode(StringComparison.Ordinal)),
            ["info_df.csv"] = Encoding.UTF8.GetBytes(string.Join(',', columns) + "\n" + string.Concat(rows.Select(r => string.Join(',', r) + "\n"))),
            ["header.json"] = Encoding.UTF8.GetBytes($$"""
                {"telescope_id": 6, "source_name": "SRC_{{observation}}", "fch1": {{Fch1.ToString("R", CultureInfo.InvariantCulture)}}, "foff": {{Foff.ToString("R", CultureInfo.InvariantCulture)}}, "tsamp": {{Tsamp.ToString("R", CultureInfo.InvariantCulture)}}, "tstart": 57650.78209490741, "nchans": 1024, "nifs": 1, "nbits": 32}
                """),
        };
        foreach (var (name, bytes) in files) await store.WriteAsync(ObjectKey.Join(prefix, observation, algorithm, name), new MemoryStream(bytes));
        var manifest = new RunManifest
        {
            Observation = observation,
            Algorithm = algorithm,
            Version = "1.0.0",
            Image = "local",
            Input = $"file:///data/{observation}.fil",
            InputBytes = 131_466,
            Params = [new("threshold", 2048.0)],
            StartedAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2026, 12, 1, 10, 0, 2, TimeSpan.Zero).AddMilliseconds(500),
            Hits = rows.Count,
            Summary = [],
            Files = [.. files.Select(f => new ManifestFile(f.Key, f.Value.Length, Convert.ToHexStringLower(SHA256.HashData(f.Value))))],
        };
        using var json = new MemoryStream();
        manifest.WriteTo(json);
        json.Position = 0;
        await store.WriteAsync(ObjectKey.Join(prefix, observation, algorithm, RunManifest.FileName), json);
    }

    private static byte[] Stamps(int count, int nInts, int window, int seed)
    {
        var random = new Random(seed);
        using var stream = new MemoryStream();
        using (var npy = new NpyWriter(stream, [nInts, window], leaveOpen: true))
        {
            var item = new float[nInts * window];
            for (var s = 0; s < count; s++)
            {
                for (var t = 0; t < nInts; t++)
                    for (var f = 0; f < window; f++)
                        item[t * window + f] = (float)(random.NextDouble() - 0.5) + (f == (window / 4 + t * 2 + s) % window ? 8f : 0f);
                npy.WriteItem(item);
            }
            npy.Finish();
        }
        return stream.ToArray();
    }
}
