using k8s.Models;

namespace Reservoir.Operator.Reconcile.Jobs;

/// <summary>Where a Job stands, read from its status as the Job controller writes it.</summary>
internal enum JobState
{
    /// <summary>Created, no pod has started yet.</summary>
    Waiting,
    Running,
    Complete,
    Failed,
}

/// <summary>The reading of one Job: state, pods started (attempts), and the Failed condition's reason.</summary>
internal sealed record JobOutcome(JobState State, int Attempts, string? FailureReason, string? FailureMessage, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>Condition reason of a Job failed by its podFailurePolicy (here: runner exit code 2).</summary>
    public const string PodFailurePolicyReason = "PodFailurePolicy";
    public const string BackoffLimitReason = "BackoffLimitExceeded";
    public const string DeadlineReason = "DeadlineExceeded";

    public static JobOutcome Of(V1Job job)
    {
        var status = job.Status;
        var attempts = (status?.Active ?? 0) + (status?.Succeeded ?? 0) + (status?.Failed ?? 0);
        DateTimeOffset? started = status?.StartTime is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s, DateTimeKind.Utc)) : null;
        var conditions = status?.Conditions ?? [];
        if (conditions.FirstOrDefault(c => c.Type is "Complete" && c.Status == "True") is { } complete)
        {
            var finished = status?.CompletionTime ?? complete.LastTransitionTime;
            return new JobOutcome(JobState.Complete, attempts, null, null, started, ToOffset(finished));
        }
        if (conditions.FirstOrDefault(c => c.Type is "Failed" && c.Status == "True") is { } failed)
            return new JobOutcome(JobState.Failed, attempts, failed.Reason, failed.Message, started, ToOffset(failed.LastTransitionTime));
        var running = (status?.Active ?? 0) > 0 || attempts > 0;
        return new JobOutcome(running ? JobState.Running : JobState.Waiting, attempts, null, null, started, null);
    }

    public bool IsFinished => State is JobState.Complete or JobState.Failed;

    /// <summary>The Search's message for a failed Job, given the runner's last termination message.</summary>
    public string DescribeFailure(string? terminationMessage)
    {
        var detail = string.IsNullOrWhiteSpace(terminationMessage) ? FailureMessage ?? "no termination message" : terminationMessage.Trim();
        return FailureReason switch
        {
            PodFailurePolicyReason => $"bad input (exit 2): {detail}",
            BackoffLimitReason => $"failed after {Attempts} attempts: {detail}",
            DeadlineReason => $"deadline exceeded: {detail}",
            null or "" => detail,
            var reason => $"{reason}: {detail}",
        };
    }

    private static DateTimeOffset? ToOffset(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
