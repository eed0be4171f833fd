namespace Reservoir.Runner.Running;

/// <summary>
/// Writes the one-line reason Kubernetes shows for a finished container. The path is the explicit one,
/// else env <c>RESERVOIR_TERMINATION_MESSAGE_PATH</c>, else <c>/dev/termination-log</c> when that file is
/// writable. Never throws: a run must not fail because its epitaph could not be written.
/// </summary>
public static class TerminationMessage
{
    public const string PathVariable = "RESERVOIR_TERMINATION_MESSAGE_PATH";
    public const string KubernetesDefaultPath = "/dev/termination-log";

    /// <summary>Kubernetes keeps at most 4096 bytes; stay well inside.</summary>
    private const int MaxLength = 2000;

    public static string? ResolvePath(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return explicitPath;
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnvironment) return fromEnvironment;
        return File.Exists(KubernetesDefaultPath) ? KubernetesDefaultPath : null;
    }

    /// <summary>Collapses a message to one line of bounded length.</summary>
    public static string OneLine(string message)
    {
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxLength ? line : line[..(MaxLength - 1)] + "…";
    }

    /// <summary>Writes <paramref name="message"/> as one line; returns false (and does nothing else) when it cannot.</summary>
    public static bool TryWrite(string? explicitPath, string message)
    {
        var path = ResolvePath(explicitPath);
        if (path is null) return false;
        try
        {
            File.WriteAllText(path, OneLine(message) + "\n");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }
}
