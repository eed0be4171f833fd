using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Reservoir.FakeKubernetes.Selection;
using Reservoir.FakeKubernetes.Storage;

namespace Reservoir.FakeKubernetes.Api;

/// <summary>GET of one object and LIST with label/field selectors and limit/continue pagination.</summary>
internal sealed class ReadHandler(ObjectStore store)
{
    public JsonObject Get(ResourceType type, RequestInfo request) =>
        store.Get(type, request.Namespace, request.Name!) ?? throw ApiError.NotFound(type, request.Name!);

    /// <summary>
    /// Lists in namespace/name order. A continue token carries the last key served, so later pages show the
    /// objects that exist when they are fetched (the real server serves every page from the first page's
    /// snapshot; clients cannot tell the difference unless objects change mid-listing).
    /// </summary>
    public JsonObject List(ResourceType type, RequestInfo request, IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var limit = int.TryParse(query["limit"], out var l) && l > 0 ? l : int.MaxValue;
        var (page, remaining, resourceVersion) = store.Page(type, request.Namespace,
            o => labels.Matches(o) && fields.Matches(o), DecodeContinue(query["continue"]), limit);
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString() };
        if (remaining > 0)
        {
            metadata["continue"] = EncodeContinue(KeyOf(page[^1]), resourceVersion);
            metadata["remainingItemCount"] = remaining;
        }
        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(page.Select(o => (JsonNode)o).ToArray()),
        };
    }

    private static string KeyOf(JsonObject o) =>
        ObjectStore.Key(ObjectStore.Namespace(o), o["metadata"]!["name"]!.GetValue<string>());

    private static string EncodeContinue(string lastKey, long resourceVersion) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{resourceVersion}|{lastKey}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeContinue(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var bar = text.IndexOf('|');
            return bar > 0 ? text[(bar + 1)..] : throw new FormatException();
        }
        catch (FormatException)
        {
            throw ApiError.BadRequest($"continue key is not valid: \"{token}\"");
        }
    }
}
