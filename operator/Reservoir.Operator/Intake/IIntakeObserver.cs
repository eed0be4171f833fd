namespace Reservoir.Operator.Intake;

/// <summary>What the intake reports for metrics. Implementations must be cheap and thread-safe.</summary>
public interface IIntakeObserver
{
    /// <summary>One pull returned <paramref name="messages"/> messages (0 for an empty pull).</summary>
    void Pulled(int messages);

    /// <summary>A message was acknowledged: all its Searches exist (<paramref name="deadLettered"/> false) or it was dead-lettered.</summary>
    void Acked(bool deadLettered);

    /// <summary>A message went to the dead-letter topic; <paramref name="kind"/> is a short token (see <see cref="IntakeFailureKind"/>).</summary>
    void DeadLettered(string kind);

    /// <summary>A message was left for redelivery after a transient failure.</summary>
    void Redelivered();

    /// <summary>A Search was created (<paramref name="created"/>) or found already there.</summary>
    void SearchStored(bool created);
}

/// <summary>Short tokens for why a message was dead-lettered (bounded metric label values).</summary>
public static class IntakeFailureKind
{
    public const string Malformed = "malformed";
    public const string UnknownAlgorithm = "unknown-algorithm";
    public const string Rejected = "rejected";
}
