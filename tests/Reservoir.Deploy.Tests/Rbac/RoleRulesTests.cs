using System.Text.Json.Nodes;
using Reservoir.Deploy.Tests.Support;
using Xunit;

namespace Reservoir.Deploy.Tests.Rbac;

/// <summary>The operator's Role grants exactly the calls it makes, the same in the chart and in k8s/.</summary>
public sealed class RoleRulesTests
{
    // group|resource -> verbs. Searches: intake create, reconciler watch + annotation write; status: status writes;
    // Jobs: one per Search (deleted by garbage collection); pods: termination messages; events; the Lease.
    private static readonly string[] Expected =
    [
        "|events: create,patch",
        "|pods: get,list,watch",
        "batch|jobs: create,get,list,watch",
        "coordination.k8s.io|leases: create,get,update",
        "events.k8s.io|events: create,patch",
        "reservoir.io|searches: create,get,list,patch,update,watch",
        "reservoir.io|searches/status: get,patch,update",
    ];

    private static List<string> Rules(JsonObject role) => role["rules"]!.AsArray()
        .SelectMany(rule => rule!["apiGroups"]!.AsArray().SelectMany(g => rule["resources"]!.AsArray().Select(r =>
            $"{(string?)g}|{(string?)r}: {string.Join(',', rule["verbs"]!.AsArray().Select(v => (string)v!).Order())}")))
        .Order().ToList();

    [Fact]
    public async Task Role_ChartAndKustomize_GrantExactlyTheOperatorsCalls()
    {
        var chart = await RenderedManifests.HelmTemplateAsync("-f", Path.Combine(RepoPaths.Chart, "ci", "default-values.yaml"));
        var kustomize = await RenderedManifests.KustomizeAsync("base");
        foreach (var rendered in new[] { chart, kustomize })
        {
            Assert.Equal(Expected.Order(), Rules(rendered.Single("Role")));
            Assert.Empty(rendered.OfKind("ClusterRole"));
            Assert.Empty(rendered.OfKind("ClusterRoleBinding"));
            var binding = rendered.Single("RoleBinding");
            var subject = binding["subjects"]!.AsArray().Single()!;
            Assert.Equal("ServiceAccount", (string?)subject["kind"]);
            var operatorAccount = (string?)rendered.Single("Deployment")["spec"]!["template"]!["spec"]!["serviceAccountName"];
            Assert.Equal(operatorAccount, (string?)subject["name"]);
            Assert.Equal((string?)rendered.Single("Role")["metadata"]!["name"], (string?)binding["roleRef"]!["name"]);
        }
    }
}
