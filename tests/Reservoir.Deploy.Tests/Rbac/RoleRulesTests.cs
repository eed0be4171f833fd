using System.Text.Json.Nodes;
using Reservoir.Deploy.Tests.Support;
using Xunit;

namespace Reservoir.Deploy.Tests.Rbac;

/// <summary>The operator's Role grants exactly the calls it makes, the same in the chart and in k8s/.</summary>
public sealed class RoleRulesTests
{
    // group|resource -> verbs, derived from the requests the operator makes (recorded by
    // tests/Reservoir.Operator.Tests/EndToEnd/LeastPrivilegeTests, which runs the operator under k8s/base/role.yaml and
    // fails on any 403 or any grant it never uses). Searches: intake create (+ get on AlreadyExists), reconciler
    // list/watch, notification annotation patch; status: PUT on the status subresource; Jobs: create, read + delete of a
    // stale Job on AlreadyExists, list/watch; pods: list for termination messages; core events: create; the Lease.
    private static readonly string[] Expected =
    [
        "|events: create",
        "|pods: list",
        "batch|jobs: create,delete,get,list,watch",
        "coordination.k8s.io|leases: create,get,update",
        "reservoir.io|searches: create,get,list,patch,watch",
        "reservoir.io|searches/status: update",
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
