using Xunit;
using k8s.Models;
using Reservoir.Operator.Reconcile.Jobs;

namespace Reservoir.Operator.Tests.Reconcile.Jobs;

public sealed class TerminationMessagesTests
{
    private static V1Pod Pod(int exitCode, string? message, DateTime finished) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"p{finished.Ticks}" },
        Status = new V1PodStatus
        {
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "runner",
                    State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Message = message, FinishedAt = finished } },
                },
            ],
        },
    };

    [Fact]
    public void Pick_SeveralFailedPods_LatestFinishedMessage()
    {
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var pods = new[] { Pod(1, "second try failed", t0.AddMinutes(2)), Pod(1, "first try failed", t0), Pod(0, "fine", t0.AddMinutes(5)) };
        Assert.Equal("second try failed", TerminationMessages.Pick(pods));
    }

    [Fact]
    public void Pick_NoFailedPodWithMessage_Null()
    {
        var now = DateTime.UtcNow;
        Assert.Null(TerminationMessages.Pick([Pod(0, "ok", now), Pod(1, "  ", now), new V1Pod { Metadata = new V1ObjectMeta { Name = "pending" } }]));
    }
}
