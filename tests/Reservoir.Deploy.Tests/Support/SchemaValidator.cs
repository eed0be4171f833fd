using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reservoir.Deploy.Tests.Support;

/// <summary>Validates rendered objects against the Kubernetes schemas with tools/helm/validate-objects.js.</summary>
internal static class SchemaValidator
{
    /// <summary>One line per invalid object ("Kind/name: error; error"); empty when every object is valid.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IEnumerable<JsonObject> objects)
    {
        var node = DeployTools.NodeWithModels();
        var input = new JsonArray(objects.Select(o => (JsonNode)o.DeepClone()).ToArray()).ToJsonString();
        var result = await ProcessResult.RunAsync(node, [Path.Combine(RepoPaths.Tools, "validate-objects.js")], stdin: input);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe("validate-objects.js"));
        var report = JsonNode.Parse(result.Stdout)!.AsArray();
        return report.Select(e => e!.AsObject())
            .Where(e => e["errors"]!.AsArray().Count > 0)
            .Select(e => $"{e["kind"]}/{e["name"]}: {string.Join("; ", e["errors"]!.AsArray().Select(x => (string?)x))}")
            .ToList();
    }

    public static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
