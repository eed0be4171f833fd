namespace Reservoir.Core.Requests;

/// <summary>
/// Terminal intake failure: the message can never become a search, so it is dead-lettered with
/// <see cref="Reason"/> attached and acknowledged (never retried, never a crash).
/// </summary>
public sealed class MalformedRequestException : Exception
{
    public MalformedRequestException(string reason) : base(reason) => Reason = reason;

    /// <summary>One line naming the field or value that was wrong.</summary>
    public string Reason { get; }
}
