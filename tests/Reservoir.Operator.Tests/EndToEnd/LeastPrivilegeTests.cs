using k8s;
using k8s.Models;
using Reservoir.Core.Requests;
using Reservoir.Operator.Resources;
using Reservoir.Operator.Tests.Support;
using Reservoir.PubSub.Publishing;
using Reservoir.TestSupport.Emulators;
using Xunit;

namespace Reservoir.Operator.Tests.EndToEnd;

/// <summary>
/// The operator program under the Role it is installed with (k8s/base/role.yaml = the chart's templates/role.yaml,
/// compared by tests/Reservoir.Deploy.Tests/Rbac), enforced by the fake API server: a whole Search lifecycle (success,
/// retried failure, duplicate, poison, leader election) never meets a 403, every granted permission is one the
/// operator uses, and taking away one it needs shows up as a 403 and a stuck Search.
/// </summary>
[Collection(OperatorEndToEndCollection.Name)]
public sealed class LeastPrivilegeTests(PubSubEmulatorFixture emulator)
{
    private static readonly OperatorHarnessOptions Options = new()
    {
        Algorithms = [new TestAlgorithm("fast", TestImages.Fast), new TestAlgorithm("flaky", TestImages.Flaky, BackoffLimit: 1)],
    };

    [Fact]
    public async Task Operator_UnderInstalledRole_LifecycleCompletesWithoutForbidden_EveryGrantUsed()
    {
        var role = RoleRules.FromKustomizeBase();
        var enforcement = new RoleEnforcement(role, OperatorHarness.Namespace);
        await using var harness = await OperatorHarness.StartAsync(emulator, Options);
        harness.Api.Authorizer = enforcement.Authorize;
        // A stale Job (not owned by any Search) already holds the name ok-1's Search will get: the operator must delete
        // it (seen in its cache, or read back after its create met AlreadyExists) before launching its own.
        var searchName = SearchName.For("ok-1", "/data/ok-1.h5", "fast", new Dictionary<string, string>());
        using (var other = new Kubernetes(harness.Api.CreateClientConfiguration(), new KubeletRequests()))
            await other.BatchV1.CreateNamespacedJobAsync(StaleJob(searchName), OperatorHarness.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        harness.StartOperator("replica-a");
        await harness.PublishAsync([
            OperatorHarness.Request("ok-1", "fast"), OperatorHarness.Request("ok-1", "fast"), OperatorHarness.Request("retry-1", "flaky"),
            OutgoingMessage.FromText("{not json"),
        ]);

        await harness.WaitAllFinalAsync(2);
        await harness.PullAsync(harness.DeadSubscription, 2); // the poison message and the failed Search
        var phases = harness.Searches().ToDictionary(s => s.Spec.Observation, s => s.Status?.Phase);
        Assert.Equal(SearchPhase.Succeeded, phases["ok-1"]);
        Assert.Equal(SearchPhase.Failed, phases["retry-1"]);
        var ok = harness.Searches().Single(s => s.Spec.Observation == "ok-1");
        Assert.Equal(searchName, ok.Metadata.Name);
        Assert.Equal(ok.Metadata.Uid, harness.Jobs().Single(j => j.Metadata.Name == searchName).Metadata.OwnerReferences?.Single().Uid);
        Assert.Empty(enforcement.Refused.Select(r => $"{r.Verb} {r.Path}"));
        var unused = role.Granted.Except(enforcement.Used).Except(UsedOnARacePathOnly).Select(p => p.ToString()).Order();
        Assert.True(!unused.Any(), $"granted but never used: {string.Join("; ", unused)}; used: {string.Join("; ", enforcement.Used.Select(p => p.ToString()).Order())}");
    }

    /// <summary>
    /// Granted, needed, but used only when timing makes it so: a Job create answered AlreadyExists for a Job the
    /// controller's cache has not listed yet is read back (JobLauncher) to see whether its Search owns it.
    /// </summary>
    private static readonly Permission[] UsedOnARacePathOnly = [new("batch", "jobs", "get")];

    private static V1Job StaleJob(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "stale", Image = "test/stale:0" }] },
            },
        },
    };

    [Theory]
    [InlineData("batch", "jobs", "create")]
    [InlineData("reservoir.io", "searches/status", "update")]
    public async Task Operator_RoleMissingANeededPermission_Forbidden403Recorded_SearchNotSucceeded(string group, string resource, string verb)
    {
        var missing = new Permission(group, resource, verb);
        var role = RoleRules.FromKustomizeBase();
        Assert.Contains(missing, role.Granted);
        var enforcement = new RoleEnforcement(role.Without(missing), OperatorHarness.Namespace);
        await using var harness = await OperatorHarness.StartAsync(emulator, Options);
        harness.Api.Authorizer = enforcement.Authorize;
        harness.StartOperator("replica-a");
        await harness.PublishAsync([OperatorHarness.Request("ok-1", "fast")]);

        await harness.WaitUntilAsync(() => enforcement.Refused.Any(r => Permission.Of(r) == missing), $"a 403 on {missing}");
        Assert.Contains(harness.Api.Requests, r => r.StatusCode == 403);
        Assert.All(enforcement.Refused, r => Assert.Equal(missing, Permission.Of(r)));
        Assert.NotEqual(SearchPhase.Succeeded, harness.Searches().Single().Status?.Phase);
    }
}
