namespace Reservoir.Sdk;

/// <summary>
/// Terminal failure: the input or the parameters can never succeed, so retrying is pointless.
/// The runner exits with code 2 and the message becomes the one-line termination reason, so it must
/// name what was wrong (file, offset, field, parameter).
/// </summary>
public class BadInputException : Exception
{
    public BadInputException(string message) : base(message) { }
    public BadInputException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A parameter value that is missing, malformed or out of range (terminal, exit code 2).</summary>
public sealed class BadParameterException : BadInputException
{
    public BadParameterException(string parameter, string message) : base($"parameter '{parameter}': {message}") =>
        Parameter = parameter;

    public string Parameter { get; }
}
