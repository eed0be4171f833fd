using System.Security.Cryptography;
using System.Text.Json;
using Reservoir.Storage;
using Reservoir.Storage.Gcs;
using Reservoir.Synthetic;
using Reservoir.Synthetic.Files;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Emulators;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Cli.Tests.Commands;

/// <summary>
/// <c>reservoir run --input gs://… --output gs://…</c> through the built program against the GCS emulator
/// (STORAGE_EMULATOR_HOST set for the child process only): the artifacts it publishes read back from the
/// bucket byte-identical to those of the same run on local files, and match its manifest.
/// </summary>
public sealed class RunGcsTests(GcsEmulatorFixture emulator) : IClassFixture<GcsEmulatorFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("run-gcs-test");

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_GsInputAndOutput_ArtifactsByteIdenticalToLocalRun()
    {
        emulator.Require();
        var spec = SyntheticObservationSpec.Demo(11, new DemoOptions { CoarseChannels = 2, FineChannelsPerCoarse = 16384, Integrations = 16, Tones = 2 });
        var input = _dir.File("tones.h5");
        SyntheticFileWriter.Write(spec, input, SyntheticFileFormat.BlHdf5);
        var bucket = $"run-{Guid.NewGuid():N}"[..30];
        var store = new GcsObjectStore(bucket, GcsOptions.ForEmulator(emulator.Host));
        await using (var file = File.OpenRead(input)) await store.WriteAsync("archive/tones.h5", file, Ct);

        var (gsExit, gsOutput) = await RunAsync("--input", $"gs://{bucket}/archive/tones.h5", "--output", $"gs://{bucket}/results");
        Assert.True(gsExit == 0, gsOutput);
        var (localExit, localOutput) = await RunAsync("--input", input, "--output", _dir.File("results"));
        Assert.True(localExit == 0, localOutput);

        var localFolder = Path.Combine(_dir.File("results"), "tones", "energy-detection");
        using var manifest = JsonDocument.Parse(await ReadAsync(store, "results/tones/energy-detection/manifest.json"));
        Assert.Equal($"gs://{bucket}/archive/tones.h5", manifest.RootElement.GetProperty("input").GetString());
        Assert.Equal(new FileInfo(input).Length, manifest.RootElement.GetProperty("inputBytes").GetInt64());
        var names = new List<string>();
        foreach (var entry in manifest.RootElement.GetProperty("files").EnumerateObject())
        {
            var fromBucket = await ReadAsync(store, $"results/tones/energy-detection/{entry.Name}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(localFolder, entry.Name)), fromBucket);
            Assert.Equal(entry.Value.GetProperty("bytes").GetInt64(), fromBucket.Length);
            Assert.Equal(entry.Value.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(fromBucket)));
            names.Add(entry.Name);
        }
        Assert.Equal(["filtered.npy", "header.json", "info_df.csv"], names.Order());
        Assert.True(manifest.RootElement.GetProperty("hits").GetInt32() > 0);
    }

    [Fact]
    public async Task Run_MissingGsInput_ExitsTerminalNamingTheUri()
    {
        emulator.Require();
        var bucket = $"run-{Guid.NewGuid():N}"[..30];
        var (exit, output) = await RunAsync("--input", $"gs://{bucket}/nothing/here.h5", "--output", $"gs://{bucket}/results");
        Assert.Equal(2, exit);
        Assert.Contains($"gs://{bucket}/nothing/here.h5", output);
    }

    private static async Task<byte[]> ReadAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    // The emulator address reaches the child only (tests in this process run in parallel).
    private async Task<(int ExitCode, string Output)> RunAsync(params string[] io)
    {
        var (exit, output) = await ReservoirProgram.RunAsync(
            ["run", "--algorithm", "energy-detection", "--termination-message-path", _dir.File("termination.txt"), .. io],
            new Dictionary<string, string?> { [GcsOptions.EmulatorHostVariable] = emulator.Host }, _dir.Path, TimeSpan.FromMinutes(3));
        return (exit, output);
    }
}
