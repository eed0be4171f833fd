namespace Reservoir.Sdk.Observations;

/// <summary>
/// Observation IDs travel into file paths, object keys, process arguments and Kubernetes labels, so they
/// are restricted to letters, digits and <c>._+-</c>, 1–200 characters. "." and ".." are refused as well:
/// they are valid by the character rule but would name a parent folder in a result path. One rule for the
/// whole system: the intake (a malformed message) and the runner (bad input) each wrap the reason in their own
/// terminal error.
/// </summary>
public static class ObservationId
{
    public const int MaxLength = 200;

    /// <summary>File name endings of observation files, longest first; the ID is the name without one.</summary>
    public static IReadOnlyList<string> FileExtensions { get; } = [".bl.h5", ".h5", ".hdf5", ".fil"];

    public static bool IsValid(string? id) => Check(id) is null;

    /// <summary>Null when valid, otherwise the reason.</summary>
    public static string? Check(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "observation ID is empty";
        if (id.Length > MaxLength) return $"observation ID is {id.Length} characters long (at most {MaxLength})";
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-'))
                return $"observation ID '{Printable(id)}' has character {Describe(c)} at offset {i} (allowed: letters, digits, '._+-')";
        }
        if (id is "." or "..") return $"observation ID '{id}' is not allowed (it names a folder)";
        return null;
    }

    /// <summary>The ID implied by an input URI or path: its last segment without one of <see cref="FileExtensions"/>.</summary>
    public static string FromInput(string input)
    {
        var name = input.TrimEnd('/');
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        foreach (var extension in FileExtensions)
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && name.Length > extension.Length)
                return name[..^extension.Length];
        return name;
    }

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    private static string Printable(string id)
    {
        var shown = id.Length > 60 ? id[..60] + "…" : id;
        return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
