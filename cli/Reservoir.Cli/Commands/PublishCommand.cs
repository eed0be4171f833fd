using System.CommandLine;
using Reservoir.Cli.Publish;
using Reservoir.Cloud;
using Reservoir.Core.Requests;
using Reservoir.PubSub;
using Reservoir.PubSub.Connection;
using Reservoir.PubSub.Names;
using Reservoir.PubSub.Publishing;
using Reservoir.PubSub.Transport;
using Reservoir.Storage.Locations;

namespace Reservoir.Cli.Commands;

/// <summary>
/// <c>reservoir publish --project P --topic T [ID or JSON …] [--file F] [--stdin] [--from PREFIX --match GLOB]
/// [--attribute k=v]… [--dry-run]</c>: publishes one trigger message per argument, non-blank line, or object under
/// PREFIX (gs://bucket/path/ or a local folder) whose key below it matches GLOB (a backfill, <see cref="Backfill"/>),
/// after checking each as intake will (<see cref="RequestParser"/>, with the attributes). A bad one is reported with
/// where it came from and is not published; the rest are, and the exit code is 2 if any was bad (1 when listing or
/// publishing failed). <c>--dry-run</c> prints what would be published and publishes nothing. Pub/Sub is the
/// emulator when <c>PUBSUB_EMULATOR_HOST</c> is set, otherwise Google with application default credentials.
/// </summary>
internal static class PublishCommand
{
    private static readonly Option<string> Project = new("--project") { Description = "Google Cloud project of the topic", Required = true };
    private static readonly Option<string> Topic = new("--topic") { Description = "Topic ID", Required = true };
    private static readonly Argument<string[]> Messages = new("messages") { Description = "Observation IDs or JSON requests, one message each", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string[]> Files = new("--file") { Description = "File with one observation ID or JSON request per line (repeatable)" };
    private static readonly Option<bool> Stdin = new("--stdin") { Description = "Also read one observation ID or JSON request per line from standard input" };
    private static readonly Option<string[]> Attributes = new("--attribute") { Description = "Attribute key=value on every message (repeatable), e.g. algorithm=energy-detection" };
    private static readonly Option<string> From = new("--from") { Description = "Backfill: publish a request for every object under this prefix (gs://bucket/path/ or a local folder) that --match matches" };
    private static readonly Option<string> Match = new("--match") { Description = "Glob over object keys below --from: * and ? within a folder, ** across folders (e.g. cam1/2026-11-*/**.fits)" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print what would be published; publish nothing" };

    public static Command Create()
    {
        var command = new Command("publish", "Publish observation IDs, JSON search requests, or a backfill of stored observations to a Pub/Sub topic (PUBSUB_EMULATOR_HOST: the emulator).")
        {
            Project, Topic, Messages, Files, Stdin, From, Match, Attributes, DryRun,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        TopicName topic;
        Dictionary<string, string> attributes;
        ObjectGlob? glob = null;
        try
        {
            topic = new TopicName(parse.GetValue(Project)!, parse.GetValue(Topic)!);
            attributes = ParseAttributes(parse.GetValue(Attributes) ?? []);
            if (parse.GetValue(From) is not null) glob = ObjectGlob.Parse(parse.GetValue(Match) ?? throw new ArgumentException("--from needs --match GLOB"));
            else if (parse.GetValue(Match) is not null) throw new ArgumentException("--match needs --from PREFIX");
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
        if (glob is not null)
        {
            var from = parse.GetValue(From)!;
            try
            {
                var listing = await Backfill.ListAsync(ObjectStoreResolver.CreateDefault(), from, glob, cancellationToken);
                Console.WriteLine($"{from}: {listing.Matches.Count} of {listing.Listed} object(s) match {glob.Pattern}");
                items.AddRange(listing.Matches.Select(m => (m.InputUri, m.RequestJson)));
            }
            catch (Exception e) when (e is ObjectLocationException or UnsupportedLocationException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"publish: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is IOException or CloudCredentialsException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"publish: listing {from} failed: {e.Message}");
                return 1;
            }
        }
        if (items.Count == 0)
        {
            Console.Error.WriteLine("publish: nothing to publish (give IDs or JSON as arguments, --file, --stdin, or --from with --match matching some objects)");
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

        if (good.Count > 0 && parse.GetValue(DryRun))
        {
            Console.WriteLine($"dry run: would publish {good.Count} message(s) to {topic.Path}");
            foreach (var (observation, text) in good) Console.WriteLine($"  {observation}\t{text}");
        }
        else if (good.Count > 0)
        {
            using var client = PubSubClient.Create(PubSubEndpoint.FromEnvironment());
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
