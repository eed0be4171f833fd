using System.Text.Json;
using System.Text.RegularExpressions;
using Reservoir.PubSub;
using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Subscribing;
using Reservoir.Storage.Gcs;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Emulators;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Cli.Tests.Commands;

/// <summary>
/// <c>reservoir publish --from PREFIX --match GLOB</c> through the built program: objects in the GCS emulator
/// become requests on the Pub/Sub emulator (both addresses set for the child process only); a local folder and
/// <c>--dry-run</c> need neither.
/// </summary>
public sealed class PublishBackfillTests : IClassFixture<PubSubEmulatorFixture>, IClassFixture<GcsEmulatorFixture>, IDisposable
{
    private const string Project = "reservoir-test";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly PubSubEmulatorFixture _pubsub;
    private readonly GcsEmulatorFixture _gcs;
    private readonly TempDirectory _dir = new("backfill-test");
    private readonly TopicName _topic = new(Project, "bf-" + Guid.NewGuid().ToString("N")[..10]);

    public PublishBackfillTests(PubSubEmulatorFixture pubsub, GcsEmulatorFixture gcs)
    {
        _pubsub = pubsub;
        _gcs = gcs;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Keys =
    [
        "cam1/2026-10-31/late.fil", "cam1/2026-11-01/a.fil", "cam1/2026-11-01/a.txt", "cam1/2026-11-02/deep/er/b.bl.h5",
        "cam1/2026-11-02/c.h5", "cam2/2026-11-01/other.fil", "cam1-2026-11-01/x.fil",
    ];

    private static Dictionary<string, string> Printed(string output) =>
        Regex.Matches(output, @"^\s+(\S+)\tmessage (\S+)$", RegexOptions.Multiline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [Fact]
    public async Task Backfill_GcsPrefixAndGlob_PublishesOneRequestPerMatchingObject()
    {
        _pubsub.Require();
        _gcs.Require();
        var bucket = $"bf-{Guid.NewGuid():N}"[..20];
        var store = new GcsObjectStore(bucket, GcsOptions.ForEmulator(_gcs.Host));
        foreach (var key in Keys) await store.WriteAsync("archive/" + key, new MemoryStream([1, 2, 3]), Ct);
        using var client = PubSubClient.Create(PubSubEndpoint.Emulator(_pubsub.HostPort));
        await client.Admin.CreateTopicAsync(_topic, Ct);
        var subscription = new SubscriptionName(Project, _topic.Topic + "-sub");
        await client.Admin.CreateSubscriptionAsync(subscription, new SubscriptionSettings(_topic), Ct);

        var (exit, output) = await ReservoirProgram.RunAsync(
            ["publish", "--project", Project, "--topic", _topic.Topic, "--from", $"gs://{bucket}/archive/", "--match", "cam1/2026-11-*/**.h5"],
            Environment(), _dir.Path, Timeout);

        Assert.True(exit == 0, output);
        Assert.Contains($"gs://{bucket}/archive/: 2 of 7 object(s) match cam1/2026-11-*/**.h5", output);
        var printed = Printed(output);
        Assert.Equal(["b", "c"], printed.Keys.Order());
        var got = await PullAsync(client.CreateSubscriber(subscription, new SubscriberOptions { WaitForMessages = false }), 2);
        var requests = got.Select(m => JsonSerializer.Deserialize<Dictionary<string, string>>(m.Text)!).OrderBy(r => r["observation"]).ToList();
        Assert.Equal(
            [("b", $"gs://{bucket}/archive/cam1/2026-11-02/deep/er/b.bl.h5"), ("c", $"gs://{bucket}/archive/cam1/2026-11-02/c.h5")],
            requests.Select(r => (r["observation"], r["input"])));
        Assert.Equal(printed.Values.Order(), got.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task Backfill_LocalFolderDryRun_PrintsRequestsAndPublishesNothing()
    {
        foreach (var key in Keys)
        {
            var path = Path.Combine(_dir.Path, "archive", key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, [1], Ct);
        }

        // No Pub/Sub address at all: a dry run must not need one.
        var (exit, output) = await ReservoirProgram.RunAsync(
            ["publish", "--project", Project, "--topic", "observations", "--from", Path.Combine(_dir.Path, "archive"), "--match", "cam1/2026-11-0?/*.fil", "--dry-run"],
            new Dictionary<string, string?> { [PubSubEndpoint.EmulatorHostVariable] = null }, _dir.Path, Timeout);

        Assert.True(exit == 0, output);
        Assert.Contains("1 of 7 object(s) match", output);
        Assert.Contains($"dry run: would publish 1 message(s) to projects/{Project}/topics/observations", output);
        var uri = new Uri(Path.Combine(_dir.Path, "archive", "cam1", "2026-11-01", "a.fil")).AbsoluteUri;
        Assert.Contains($"  a\t{{\"observation\":\"a\",\"input\":\"{uri}\"}}", output);
        Assert.DoesNotContain("message ", output);
    }

    [Fact]
    public async Task Backfill_MissingFolder_ExitTwoNamingIt()
    {
        var missing = Path.Combine(_dir.Path, "nowhere");

        var (exit, output) = await ReservoirProgram.RunAsync(["publish", "--project", Project, "--topic", "observations", "--from", missing, "--match", "**", "--dry-run"],
            null, _dir.Path, Timeout);

        Assert.Equal(2, exit);
        Assert.Contains(missing, output);
    }

    private Dictionary<string, string?> Environment() => new()
    {
        [PubSubEndpoint.EmulatorHostVariable] = _pubsub.HostPort,
        [GcsOptions.EmulatorHostVariable] = _gcs.Host,
    };

    private static async Task<List<ReceivedMessage>> PullAsync(ISubscriber subscriber, int expected)
    {
        var got = new List<ReceivedMessage>();
        for (var end = DateTime.UtcNow + TimeSpan.FromSeconds(60); DateTime.UtcNow < end && got.Count < expected;)
        {
            var batch = await subscriber.PullAsync(100, Ct);
            got.AddRange(batch);
            if (batch.Count == 0) await Task.Delay(100, Ct);
        }
        await Task.Delay(500, Ct);
        got.AddRange(await subscriber.PullAsync(100, Ct)); // nothing more may come
        return got;
    }

    public void Dispose() => _dir.Dispose();
}
