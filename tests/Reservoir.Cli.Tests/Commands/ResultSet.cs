using System.Security.Cryptography;
using System.Text.Json;
using Xunit;

namespace Reservoir.Cli.Tests.Commands;

/// <summary>Checks a result folder as a reader of the bucket would: the manifest and every file it lists.</summary>
internal static class ResultSet
{
    /// <summary>
    /// Asserts <paramref name="folder"/> holds exactly the manifest and the files it lists, each with the listed
    /// size and SHA-256; returns the manifest's hit count.
    /// </summary>
    public static long AssertComplete(string folder, string observation, string algorithm)
    {
        var manifestPath = Path.Combine(folder, "manifest.json");
        Assert.True(File.Exists(manifestPath), $"no manifest in {folder}");
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var root = manifest.RootElement;
        Assert.Equal(observation, root.GetProperty("observation").GetString());
        Assert.Equal(algorithm, root.GetProperty("algorithm").GetString());

        var listed = new HashSet<string>(StringComparer.Ordinal) { "manifest.json" };
        foreach (var file in root.GetProperty("files").EnumerateObject())
        {
            var path = Path.Combine(folder, file.Name);
            Assert.True(File.Exists(path), $"{path} is listed in the manifest but missing");
            Assert.Equal(file.Value.GetProperty("bytes").GetInt64(), new FileInfo(path).Length);
            using var stream = File.OpenRead(path);
            Assert.Equal(file.Value.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(stream)));
            listed.Add(file.Name);
        }
        Assert.Contains("filtered.npy", listed);
        Assert.Contains("info_df.csv", listed);
        Assert.Contains("header.json", listed);

        var present = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p)).ToHashSet(StringComparer.Ordinal);
        Assert.True(present.SetEquals(listed), $"{folder} holds [{string.Join(", ", present.Order())}], the manifest lists [{string.Join(", ", listed.Order())}]");
        return root.GetProperty("hits").GetInt64();
    }

    /// <summary>Every file under <paramref name="root"/> with its bytes, for before/after comparisons.</summary>
    public static Dictionary<string, (byte[] Bytes, DateTime Modified)> Snapshot(string root, string pattern) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories)
                .ToDictionary(p => p, p => (File.ReadAllBytes(p), File.GetLastWriteTimeUtc(p)))
            : [];
}
