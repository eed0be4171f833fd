using System.CommandLine;
using Reservoir.Core.Requests;
using Reservoir.PubSub;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Transport;

namespace Reservoir.Cli.Commands;

/// <summary>
/// <c>reservoir publish --project P --topic T [ID or JSON …] [--file F] [--stdin] [--attribute k=v]…</c>: publishes
/// one trigger message per argument or non-blank line, after checking each as intake will
/// (<see cref="RequestParser"/>, with the attributes). A bad one is reported with where it came from and is not
/// published; the rest are, and the exit code is 2 if any was bad (1 when publishing itself failed).
/// Only the emulator (<c>PUBSUB_EMULATOR_HOST</c>) can be reached so far: Google credentials are not implemented.
/// </summary>
internal static class PublishCommand
{
    private static readonly Option<string> Project = new("--project") { Description = "Google Cloud project of the topic", Required = true };
    private static readonly Option<string> Topic = new("--topic") { Description = "Topic ID", Required = true };
    private static readonly Argument<string[]> Messages = new("messages") { Description = "Observation IDs or JSON requests, one message each", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string[]> Files = new("--file") { Description = "File with one observation ID or JSON request per line (repeatable)" };
    private static readonly Option<bool> Stdin = new("--stdin") { Description = "Also read one observation ID or JSON request per line from standard input" };
    private static readonly Option<string[]> Attributes = new("--attribute") { Description = "Attribute key=value on every message (repeatable), e.g. algorithm=energy-detection" };

    public static Command Create()
    {
        var command = new Command("publish", "Publish observation IDs or JSON search requests to a Pub/Sub topic (PUBSUB_EMULATOR_HOST: the emulator).")
        {
            Project, Topic, Messages, Files, Stdin, Attributes,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        TopicName topic;
        Dictionary<string, string> attributes;
        PubSubEndpoint endpoint;
        try
        {
            topic = new TopicName(parse.GetValue(Project)!, parse.GetValue(Topic)!);
            attributes = ParseAttributes(parse.GetValue(Attributes) ?? []);
            endpoint = PubSubEndpoint.FromEnvironment();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"publish: {e.Message}");
            return 2;
        }

        List<(string Where, string Text)> items;
        try { items = Collect(parse); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"publish: {e.Message}");
            return 2;
        }
        if (items.Count == 0)
        {
            Console.Error.WriteLine("publish: nothing to publish (give IDs or JSON as arguments, --file or --stdin)");
            return 2;
        }

        var parser = new RequestParser();
        var good = new List<(string Observation, string Text)>();
        var bad = 0;
        foreach (var (where, text) in items)
        {
            if (parser.TryParse(text, attributes, out var request, out var reason)) good.Add((request!.Observation, text));
            else
            {
                bad++;
                Console.Error.WriteLine($"publish: {where}: {reason} (not published)");
            }
        }

        if (good.Count > 0)
        {
            using var client = PubSubClient.Create(endpoint);
            IReadOnlyList<string> ids;
            try
            {
                ids = await client.CreatePublisher(topic).PublishAsync(
                    good.Select(g => OutgoingMessage.FromText(g.Text, attributes.Count > 0 ? attributes : null)).ToList(), cancellationToken);
            }
            catch (PubSubException e)
            {
                Console.Error.WriteLine($"publish: {e.Message}");
                return 1;
            }
            Console.WriteLine($"published {ids.Count} message(s) to {topic.Path}");
            for (var i = 0; i < ids.Count; i++) Console.WriteLine($"  {good[i].Observation}\tmessage {ids[i]}");
        }
        if (bad == 0) return 0;
        Console.Error.WriteLine($"publish: {bad} of {items.Count} rejected");
        return 2;
    }

    /// <summary>Every message with where it came from; blank lines are skipped but still counted in line numbers.</summary>
    private static List<(string Where, string Text)> Collect(ParseResult parse)
    {
        var items = new List<(string, string)>();
        var arguments = parse.GetValue(Messages) ?? [];
        for (var i = 0; i < arguments.Length; i++) items.Add(($"argument {i + 1}", arguments[i].Trim()));
        foreach (var file in parse.GetValue(Files) ?? [])
            AddLines(items, File.ReadLines(file), file);
        if (parse.GetValue(Stdin)) AddLines(items, ReadAll(Console.In), "stdin");
        return items;
    }

    private static void AddLines(List<(string, string)> items, IEnumerable<string> lines, string source)
    {
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line)) items.Add(($"{source} line {number}", line.Trim()));
        }
    }

    private static IEnumerable<string> ReadAll(TextReader reader)
    {
        while (reader.ReadLine() is { } line) yield return line;
    }

    private static Dictionary<string, string> ParseAttributes(string[] values)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--attribute '{value}' is not key=value");
            attributes[value[..eq]] = value[(eq + 1)..];
        }
        return attributes;
    }
}
