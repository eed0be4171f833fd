using System.Security.Cryptography;
using System.Text.Json;
using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Support;
using Reservoir.PubSub.Subscribing;
using Reservoir.Storage;
using Reservoir.Storage.Gcs;
using Reservoir.Synthetic;
using Reservoir.Synthetic.Files;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Emulators;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Operator.Tests.EndToEnd;

/// <summary>
/// The whole path with every real part that runs here: trigger messages on the Pub/Sub emulator (one published by a
/// client, one by <c>reservoir publish</c>) → the operator program → Search → Job on the fake API server → the fake
/// kubelet running the real runner (<c>dotnet reservoir.dll run …</c>) on a synthetic BL HDF5 observation in the GCS
/// emulator → artifacts and manifest in the bucket → Search Succeeded → completion message on the results topic.
/// </summary>
[Collection(OperatorEndToEndCollection.Name)]
public sealed class ObservationToResultsTests(PubSubEmulatorFixture pubsub, GcsEmulatorFixture gcs) : IClassFixture<GcsEmulatorFixture>
{
    private const string Algorithm = "energy-detection";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishedObservations_RunByRealRunner_ArtifactsInBucket_SearchSucceeded_CompletionPublished()
    {
        gcs.Require();
        pubsub.Require();
        var bucket = $"e2e-{Guid.NewGuid():N}"[..24];
        var store = new GcsObjectStore(bucket, GcsOptions.ForEmulator(gcs.Host));
        string[] observations = ["e2e-obs-1", "e2e-obs-2"];
        using (var dir = new TempDirectory("reservoir-e2e-input"))
        {
            for (var i = 0; i < observations.Length; i++)
            {
                var spec = SyntheticObservationSpec.Demo((ulong)(21 + i), new DemoOptions { CoarseChannels = 2, FineChannelsPerCoarse = 16384, Integrations = 16, Tones = 2 });
                var file = dir.File($"{observations[i]}.h5");
                SyntheticFileWriter.Write(spec, file, SyntheticFileFormat.BlHdf5);
                await using var stream = File.OpenRead(file);
                await store.WriteAsync($"archive/{observations[i]}.h5", stream, Ct);
            }
        }

        await using var harness = await OperatorHarness.StartAsync(pubsub, new OperatorHarnessOptions
        {
            Algorithms = [new TestAlgorithm(Algorithm, TestImages.Runner)],
            Output = $"gs://{bucket}/results",
            InputRoot = $"gs://{bucket}/archive",
            StorageEmulatorHost = gcs.Host,
        });
        harness.StartOperator("replica-a");
        await harness.PublishAsync([OperatorHarness.Request(observations[0], Algorithm, $"gs://{bucket}/archive/{observations[0]}.h5")]);
        var (exit, output) = await ReservoirProgram.RunAsync(
            ["publish", "--project", OperatorHarness.Project, "--topic", harness.Topic.Topic, observations[1]],
            new Dictionary<string, string?> { ["PUBSUB_EMULATOR_HOST"] = pubsub.HostPort });
        Assert.True(exit == 0, output);

        await harness.WaitAllFinalAsync(observations.Length);
        var completions = (await harness.PullAsync(harness.ResultsSubscription, observations.Length, settle: TimeSpan.FromSeconds(1)))
            .ToDictionary(m => m.Attributes["observation"]);
        foreach (var observation in observations)
        {
            var search = harness.Searches().Single(s => s.Spec.Observation == observation);
            var status = search.Status!;
            Assert.True(status.Phase == SearchPhase.Succeeded, $"{observation}: {status.Phase} {status.Message}\n{harness.Diagnostics()}");
            Assert.Equal(1, status.Attempts);
            Assert.Equal(TestImages.Runner, status.Image);
            Assert.Equal($"gs://{bucket}/archive/{observation}.h5", search.Spec.Input);

            var prefix = $"results/{observation}/{Algorithm}";
            using var manifest = JsonDocument.Parse(await ReadAsync(store, $"{prefix}/manifest.json"));
            var root = manifest.RootElement;
            Assert.Equal(observation, root.GetProperty("observation").GetString());
            Assert.Equal(search.Spec.Input, root.GetProperty("input").GetString());
            Assert.Equal(root.GetProperty("hits").GetInt64(), status.Hits);
            Assert.True(status.Hits > 0, $"{observation}: the synthetic tones gave no hits");
            Assert.Contains($"gs://{bucket}/{prefix}", status.ResultUri);
            var files = new List<string>();
            foreach (var entry in root.GetProperty("files").EnumerateObject())
            {
                var bytes = await ReadAsync(store, $"{prefix}/{entry.Name}");
                Assert.Equal(entry.Value.GetProperty("bytes").GetInt64(), bytes.Length);
                Assert.Equal(entry.Value.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
                files.Add(entry.Name);
            }
            Assert.Equal(["filtered.npy", "header.json", "info_df.csv"], files.Order());

            AssertCompletion(completions[observation], search);
        }
        Assert.Equal(observations.Length, harness.Jobs().Count);
        Assert.Equal(observations.Length, harness.Pods().Count);
    }

    private static void AssertCompletion(ReceivedMessage message, SearchResource search)
    {
        using var body = JsonDocument.Parse(message.Text);
        var root = body.RootElement;
        Assert.Equal(search.Metadata.Name, root.GetProperty("search").GetString());
        Assert.Equal(SearchPhase.Succeeded, root.GetProperty("phase").GetString());
        Assert.Equal(search.Status!.Hits, root.GetProperty("hits").GetInt64());
        Assert.Equal(search.Status.ResultUri, root.GetProperty("resultUri").GetString());
        Assert.Equal(TestImages.Runner, root.GetProperty("image").GetString());
    }

    private static async Task<byte[]> ReadAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
