using Xunit;
using k8s.Models;
using Reservoir.Operator.Reconcile.Jobs;

namespace Reservoir.Operator.Tests.Reconcile.Jobs;

public sealed class JobOutcomeTests
{
    private static V1Job Job(int active = 0, int succeeded = 0, int failed = 0, params V1JobCondition[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "s" },
        Status = new V1JobStatus { Active = active, Succeeded = succeeded, Failed = failed, Conditions = conditions },
    };

    [Fact]
    public void Of_NoPodsYet_WaitingWithNoAttempts()
    {
        var outcome = JobOutcome.Of(new V1Job { Metadata = new V1ObjectMeta { Name = "s" } });
        Assert.Equal(JobState.Waiting, outcome.State);
        Assert.Equal(0, outcome.Attempts);
        Assert.False(outcome.IsFinished);
    }

    [Fact]
    public void Of_SecondPodActiveAfterOneFailure_RunningTwoAttempts()
    {
        var outcome = JobOutcome.Of(Job(active: 1, failed: 1));
        Assert.Equal(JobState.Running, outcome.State);
        Assert.Equal(2, outcome.Attempts);
    }

    [Fact]
    public void Of_CompleteCondition_Complete()
    {
        var outcome = JobOutcome.Of(Job(succeeded: 1, conditions: new V1JobCondition { Type = "Complete", Status = "True" }));
        Assert.Equal(JobState.Complete, outcome.State);
        Assert.True(outcome.IsFinished);
    }

    [Fact]
    public void Of_ConditionFalse_NotFinished()
    {
        var outcome = JobOutcome.Of(Job(active: 1, conditions: new V1JobCondition { Type = "Failed", Status = "False" }));
        Assert.Equal(JobState.Running, outcome.State);
    }

    [Theory]
    [InlineData("PodFailurePolicy", 1, "bad input (exit 2): input truncated")]
    [InlineData("BackoffLimitExceeded", 3, "failed after 3 attempts: input truncated")]
    [InlineData("DeadlineExceeded", 1, "deadline exceeded: input truncated")]
    [InlineData("Evicted", 1, "Evicted: input truncated")]
    public void DescribeFailure_ByConditionReason_PrefixesTerminationMessage(string reason, int failed, string expected)
    {
        var outcome = JobOutcome.Of(Job(failed: failed, conditions: new V1JobCondition { Type = "Failed", Status = "True", Reason = reason }));
        Assert.Equal(JobState.Failed, outcome.State);
        Assert.Equal(expected, outcome.DescribeFailure("input truncated\n"));
    }

    [Fact]
    public void DescribeFailure_NoTerminationMessage_UsesConditionMessage()
    {
        var outcome = JobOutcome.Of(Job(failed: 1, conditions: new V1JobCondition
        {
            Type = "Failed", Status = "True", Reason = "DeadlineExceeded", Message = "Job was active longer than specified deadline",
        }));
        Assert.Equal("deadline exceeded: Job was active longer than specified deadline", outcome.DescribeFailure(null));
    }
}
