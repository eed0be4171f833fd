using System.Text.Json.Nodes;
using Xunit;

namespace Reservoir.Deploy.Tests.Support;

/// <summary>The security invariants every operator pod template must hold, and its probes.</summary>
internal static class PodSecurity
{
    public static void AssertHardened(JsonObject deployment, string source)
    {
        var pod = deployment["spec"]!["template"]!["spec"]!.AsObject();
        var podContext = pod["securityContext"]!.AsObject();
        Assert.True((bool?)podContext["runAsNonRoot"] == true, $"{source}: pod runAsNonRoot");
        Assert.True((long?)podContext["runAsUser"] is > 0, $"{source}: pod runAsUser must be a non-root UID");
        Assert.Equal("RuntimeDefault", (string?)podContext["seccompProfile"]?["type"]);
        Assert.Null(pod["hostNetwork"]); Assert.Null(pod["hostPID"]); Assert.Null(pod["hostIPC"]);

        var containers = pod["containers"]!.AsArray().Concat(pod["initContainers"]?.AsArray() ?? []).Select(c => c!.AsObject()).ToList();
        Assert.NotEmpty(containers);
        foreach (var container in containers)
        {
            var name = $"{source}: container {(string?)container["name"]}";
            var context = container["securityContext"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{name} has no securityContext");
            Assert.True((bool?)context["runAsNonRoot"] == true, $"{name}: runAsNonRoot");
            Assert.True((long?)context["runAsUser"] is > 0, $"{name}: runAsUser non-root");
            Assert.True((bool?)context["readOnlyRootFilesystem"] == true, $"{name}: readOnlyRootFilesystem");
            Assert.True((bool?)context["allowPrivilegeEscalation"] == false, $"{name}: allowPrivilegeEscalation false");
            Assert.NotEqual(true, (bool?)context["privileged"]);
            Assert.Equal(["ALL"], context["capabilities"]!["drop"]!.AsArray().Select(x => (string?)x));
            Assert.Null(context["capabilities"]!["add"]);
            // A read-only root needs a writable scratch folder for TMPDIR.
            var tmp = container["env"]!.AsArray().Single(e => (string?)e!["name"] == "TMPDIR")!["value"]!.GetValue<string>();
            Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == tmp);
        }

        var operatorContainer = containers[0];
        Assert.Equal("/healthz", (string?)operatorContainer["livenessProbe"]?["httpGet"]?["path"]);
        Assert.Equal("/readyz", (string?)operatorContainer["readinessProbe"]?["httpGet"]?["path"]);
        Assert.NotNull(operatorContainer["resources"]?["limits"]?["memory"]);
    }

    public static Dictionary<string, JsonNode?> Env(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray()
            .ToDictionary(e => (string)e!["name"]!, e => e!["value"] ?? e["valueFrom"]);
}
