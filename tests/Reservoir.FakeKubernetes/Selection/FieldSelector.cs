using System.Text.Json.Nodes;
using Reservoir.FakeKubernetes.Api;

namespace Reservoir.FakeKubernetes.Selection;

/// <summary>
/// <c>?fieldSelector=</c>: comma-separated <c>path=value</c>, <c>path==value</c> or <c>path!=value</c>, where path
/// is a dotted field path such as <c>metadata.name</c>, <c>metadata.namespace</c>, <c>status.phase</c> or
/// <c>involvedObject.name</c>. (The real server allows only a few fields per kind; the fake allows any path and
/// compares its string form, a missing field reading as empty.)
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, bool Equal, string Value)> _terms = [];

    public static FieldSelector Everything { get; } = new();

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            var equal = term.IndexOf('=');
            if (notEqual > 0) selector._terms.Add((term[..notEqual], false, term[(notEqual + 2)..]));
            else if (equal > 0) selector._terms.Add((term[..equal], true, term[(equal + 1)..].TrimStart('=')));
            else throw ApiError.BadRequest($"invalid field selector: \"{term}\" in \"{text}\" (want path=value or path!=value)");
        }
        return selector;
    }

    public bool Matches(JsonObject obj) => _terms.All(t => (Read(obj, t.Path) == t.Value) == t.Equal);

    private static string Read(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
