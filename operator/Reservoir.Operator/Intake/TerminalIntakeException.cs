namespace Reservoir.Operator.Intake;

/// <summary>A message that can never become Searches: it is dead-lettered with <see cref="Reason"/>, then acknowledged.</summary>
public sealed class TerminalIntakeException(string kind, string reason, Exception? inner = null) : Exception(reason, inner)
{
    /// <summary>One of <see cref="IntakeFailureKind"/>.</summary>
    public string Kind { get; } = kind;

    /// <summary>One line naming what was wrong; becomes the dead-letter attribute <c>reason</c>.</summary>
    public string Reason { get; } = reason;
}
