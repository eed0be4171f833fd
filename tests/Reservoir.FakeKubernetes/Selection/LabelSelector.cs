using System.Text.Json.Nodes;
using Reservoir.FakeKubernetes.Api;

namespace Reservoir.FakeKubernetes.Selection;

/// <summary>
/// The label selector language of <c>?labelSelector=</c>: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist), comma-separated
/// and all required. As on the real server, <c>!=</c> and <c>notin</c> also match objects without the label.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var part in SplitTopLevel(text))
        {
            var term = part.Trim();
            if (term.Length == 0) throw ApiError.BadRequest($"unable to parse requirement: empty term in label selector \"{text}\"");
            selector._requirements.Add(ParseTerm(term, text));
        }
        return selector;
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return _requirements.All(r => r(labels));
    }

    private static Func<JsonObject?, bool> ParseTerm(string term, string text)
    {
        if (term.StartsWith('!')) { var key = term[1..].Trim(); return l => Value(l, key) is null; }
        var setMatch = System.Text.RegularExpressions.Regex.Match(term, @"^(\S+)\s+(in|notin)\s*\((.*)\)$");
        if (setMatch.Success)
        {
            var key = setMatch.Groups[1].Value;
            var values = setMatch.Groups[3].Value.Split(',').Select(v => v.Trim()).ToHashSet();
            return setMatch.Groups[2].Value == "in"
                ? l => Value(l, key) is { } v && values.Contains(v)
                : l => Value(l, key) is not { } v || !values.Contains(v);
        }
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0) continue;
            var key = term[..at].Trim();
            var value = term[(at + op.Length)..].Trim();
            return op == "!=" ? l => Value(l, key) != value : l => Value(l, key) == value;
        }
        if (term.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '<' or '>'))
            throw ApiError.BadRequest($"unable to parse requirement: \"{term}\" in label selector \"{text}\"");
        return l => Value(l, term) is not null;
    }

    private static string? Value(JsonObject? labels, string key) => labels?[key]?.GetValue<string>();

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0) { yield return text[start..i]; start = i + 1; }
        }
        yield return text[start..];
    }
}
