using System.Text.RegularExpressions;
using Reservoir.PubSub;
using Reservoir.PubSub.Admin;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Subscribing;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Emulators;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Cli.Tests.Commands;

/// <summary>
/// <c>reservoir publish</c> through the built program against the real Pub/Sub emulator: what it publishes, a pull
/// receives. The child finds the emulator through PUBSUB_EMULATOR_HOST, set for that child process only.
/// </summary>
public sealed class PublishCommandTests : IClassFixture<PubSubEmulatorFixture>, IDisposable
{
    private const string Project = "reservoir-test";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly PubSubEmulatorFixture _emulator;
    private readonly TempDirectory _dir = new("publish-test");
    private readonly PubSubClient? _client;
    private readonly TopicName _topic = new(Project, "obs-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly SubscriptionName _subscription;

    public PublishCommandTests(PubSubEmulatorFixture emulator)
    {
        _emulator = emulator;
        _subscription = new SubscriptionName(Project, _topic.Topic + "-sub");
        if (emulator.Port == 0) return;
        _client = PubSubClient.Create(PubSubEndpoint.Emulator(emulator.HostPort));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The built program with PUBSUB_EMULATOR_HOST (and <paramref name="environment"/>) for this child only.</summary>
    private Task<ChildProcessResult> RunAsync(string[] args, string? stdin = null, Dictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?> { [PubSubEndpoint.EmulatorHostVariable] = _emulator.HostPort };
        foreach (var (k, v) in environment ?? []) variables[k] = v;
        return ReservoirProgram.RunAsync(args, variables, _dir.Path, Timeout, stdin);
    }

    private async Task<ISubscriber> CreateTopicAsync()
    {
        _emulator.Require();
        await _client!.Admin.CreateTopicAsync(_topic, Ct);
        await _client.Admin.CreateSubscriptionAsync(_subscription, new SubscriptionSettings(_topic), Ct);
        return _client.CreateSubscriber(_subscription, new SubscriberOptions { WaitForMessages = false });
    }

    private static async Task<List<ReceivedMessage>> PullAsync(ISubscriber subscriber, int expected)
    {
        var got = new List<ReceivedMessage>();
        var end = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < end && got.Count <= expected)
        {
            var batch = await subscriber.PullAsync(100, Ct);
            got.AddRange(batch);
            if (batch.Count == 0 && got.Count == expected) break; // nothing more is coming
            if (batch.Count == 0) await Task.Delay(100, Ct);
        }
        return got;
    }

    /// <summary>Message IDs the command printed, by observation.</summary>
    private static Dictionary<string, string> PrintedIds(string output) =>
        Regex.Matches(output, @"^\s+(\S+)\tmessage (\S+)$", RegexOptions.Multiline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [Fact]
    public async Task Publish_ArgumentsAndFile_PullReceivesEachOnceWithAttributesAndPrintedIds()
    {
        var subscriber = await CreateTopicAsync();
        var file = _dir.File("ids.txt");
        await File.WriteAllLinesAsync(file, ["obs-3", "", "{\"observation\": \"obs-4\", \"params\": {\"energy-detection\": {\"threshold\": 100}}}"], Ct);
        const string json = "{\"observation\":\"obs-2\",\"algorithms\":[\"energy-detection\"]}";

        var (exit, output) = await RunAsync(
            ["publish", "--project", Project, "--topic", _topic.Topic, "obs-1", json, "--file", file, "--attribute", "source=test", "--attribute", "algorithm=energy-detection"]);

        Assert.True(exit == 0, output);
        Assert.Contains($"published 4 message(s) to {_topic.Path}", output);
        var printed = PrintedIds(output);
        var got = await PullAsync(subscriber, 4);
        string[] sent = ["obs-1", json, "obs-3", "{\"observation\": \"obs-4\", \"params\": {\"energy-detection\": {\"threshold\": 100}}}"];
        Assert.Equal(sent.Order(), got.Select(m => m.Text).Order());
        Assert.All(got, m => Assert.Equal(new Dictionary<string, string> { ["source"] = "test", ["algorithm"] = "energy-detection" }, m.Attributes));
        Assert.Equal(printed.Values.Order(), got.Select(m => m.MessageId).Order());
        Assert.Equal(["obs-1", "obs-2", "obs-3", "obs-4"], printed.Keys.Order());
    }

    [Fact]
    public async Task Publish_BadLines_ExitTwoNamingEachLine_GoodLinesStillPublished()
    {
        var subscriber = await CreateTopicAsync();
        var file = _dir.File("mixed.txt");
        await File.WriteAllLinesAsync(file, ["good-1", "bad id!", "good-2", "{\"observation\": 5}", "{\"observation\": \"good-3\", \"algorithms\": [\"Not_Valid\"]}"], Ct);

        var (exit, output) = await RunAsync(["publish", "--project", Project, "--topic", _topic.Topic, "--file", file]);

        Assert.Equal(2, exit);
        Assert.Contains($"{file} line 2:", output);
        Assert.Contains($"{file} line 4: field 'observation' must be a string", output);
        Assert.Contains($"{file} line 5: algorithm name 'Not_Valid'", output);
        Assert.DoesNotContain($"{file} line 1:", output);
        Assert.Contains("3 of 5 rejected", output);
        Assert.Contains("published 2 message(s)", output);
        Assert.Equal(["good-1", "good-2"], (await PullAsync(subscriber, 2)).Select(m => m.Text).Order());
    }

    [Fact]
    public async Task Publish_Stdin_OneMessagePerLine()
    {
        var subscriber = await CreateTopicAsync();
        var (exit, output) = await RunAsync(["publish", "--project", Project, "--topic", _topic.Topic, "--stdin"], stdin: "a-obs\n\nb-obs\n");

        Assert.True(exit == 0, output);
        Assert.Equal(["a-obs", "b-obs"], (await PullAsync(subscriber, 2)).Select(m => m.Text).Order());
    }

    [Fact]
    public async Task Publish_NoEmulatorAndNoCredentials_ExitOneListingWhereItLooked()
    {
        // No emulator: Google with application default credentials. The key-file variable names a missing file,
        // so the lookup fails at once (without probing the metadata server) and nothing reaches Google.
        var keyFile = _dir.File("no-such-key.json");
        var (exit, output) = await ReservoirProgram.RunAsync(["publish", "--project", Project, "--topic", "observations", "obs-1"],
            new Dictionary<string, string?> { [PubSubEndpoint.EmulatorHostVariable] = null, ["GOOGLE_APPLICATION_CREDENTIALS"] = keyFile }, _dir.Path, Timeout);

        Assert.Equal(1, exit);
        Assert.Contains("no Google credentials found", output);
        Assert.Contains($"GOOGLE_APPLICATION_CREDENTIALS={keyFile} (no such file)", output);
        Assert.Contains("gcloud auth application-default login", output);
        Assert.Contains("metadata server", output);
    }

    [Fact]
    public async Task Publish_TopicMissing_ExitOneNamingTheTopic()
    {
        _emulator.Require();
        var (exit, output) = await RunAsync(["publish", "--project", Project, "--topic", _topic.Topic, "obs-1"]);

        Assert.Equal(1, exit);
        Assert.Contains(_topic.Path, output);
        Assert.Contains("NOT_FOUND", output);
    }

    public void Dispose()
    {
        _client?.Dispose();
        _dir.Dispose();
    }
}
