using System.Text.Json.Nodes;
using Reservoir.FakeKubernetes.Api;

namespace Reservoir.FakeKubernetes.Patching;

/// <summary>
/// JSON patch (RFC 6902, <c>application/json-patch+json</c>): add, remove, replace, move, copy and test, applied
/// in order to a copy; any failing operation rejects the whole patch (the real server answers 422 for a failed
/// test and 500 for a path that does not exist; the fake answers 422 for both, naming the operation).
/// </summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            var op = operations[i] as JsonObject ?? throw Fail(i, "is not an object");
            var kind = op["op"]?.GetValue<string>() ?? throw Fail(i, "has no \"op\"");
            var path = op["path"]?.GetValue<string>() ?? throw Fail(i, "has no \"path\"");
            switch (kind)
            {
                case "add": Add(ref document, path, Value(op, i), i); break;
                case "remove": Remove(document, path, i); break;
                case "replace": Remove(document, path, i); Add(ref document, path, Value(op, i), i); break;
                case "move":
                {
                    var from = From(op, i);
                    var moved = Get(document, from, i);
                    Remove(document, from, i);
                    Add(ref document, path, moved, i);
                    break;
                }
                case "copy": Add(ref document, path, Get(document, From(op, i), i), i); break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path, i), op["value"]))
                        throw Fail(i, $"test failed: the value at \"{path}\" differs");
                    break;
                default: throw Fail(i, $"has unknown op \"{kind}\"");
            }
        }
        return document;
    }

    private static JsonNode? Value(JsonObject op, int i) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw Fail(i, "has no \"value\"");

    private static string From(JsonObject op, int i) => op["from"]?.GetValue<string>() ?? throw Fail(i, "has no \"from\"");

    private static JsonNode? Get(JsonNode document, string path, int i)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject o when o.ContainsKey(token) => o[token],
                JsonArray a when int.TryParse(token, out var k) && k >= 0 && k < a.Count => a[k],
                _ => throw Fail(i, $"path \"{path}\" does not exist"),
            };
        }
        return node?.DeepClone();
    }

    private static void Add(ref JsonNode document, string path, JsonNode? value, int i)
    {
        if (path.Length == 0) { document = value ?? throw Fail(i, "cannot set the whole document to null"); return; }
        var (parent, last) = Parent(document, path, i);
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a when last == "-": a.Add(value); break;
            case JsonArray a when int.TryParse(last, out var k) && k >= 0 && k <= a.Count: a.Insert(k, value); break;
            default: throw Fail(i, $"path \"{path}\" does not exist");
        }
    }

    private static void Remove(JsonNode document, string path, int i)
    {
        var (parent, last) = Parent(document, path, i);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last): o.Remove(last); break;
            case JsonArray a when int.TryParse(last, out var k) && k >= 0 && k < a.Count: a.RemoveAt(k); break;
            default: throw Fail(i, $"path \"{path}\" does not exist");
        }
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path, int i)
    {
        var tokens = Tokens(path).ToList();
        if (tokens.Count == 0) throw Fail(i, "cannot remove the whole document");
        JsonNode? node = document;
        foreach (var token in tokens[..^1])
        {
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var k) && k >= 0 && k < a.Count => a[k],
                _ => null,
            };
        }
        return (node ?? throw Fail(i, $"path \"{path}\" does not exist"), tokens[^1]);
    }

    private static IEnumerable<string> Tokens(string path)
    {
        if (path.Length == 0) yield break;
        if (path[0] != '/') throw ApiError.BadRequest($"JSON patch path \"{path}\" must start with '/'");
        foreach (var token in path[1..].Split('/')) yield return token.Replace("~1", "/").Replace("~0", "~");
    }

    private static ApiError Fail(int index, string why) =>
        new(422, "Invalid", $"the JSON patch operation at index {index} {why}");
}
