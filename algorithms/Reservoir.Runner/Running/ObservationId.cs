namespace Reservoir.Runner.Running;

/// <summary>
/// Observation IDs name result folders, so they are restricted: 1–200 characters of letters, digits and
/// <c>. _ + -</c>, and not "." or "..". When none is given, the ID is the input's file name without its
/// observation extension (<c>.bl.h5</c>, <c>.h5</c>, <c>.fil</c>).
/// </summary>
public static class ObservationId
{
    private static readonly string[] Extensions = [".bl.h5", ".h5", ".fil"];

    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= 200 } && id is not ("." or "..")
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-');

    /// <summary>Returns <paramref name="id"/> or throws <see cref="Sdk.BadInputException"/> saying what is allowed.</summary>
    public static string Validate(string id) => IsValid(id) ? id
        : throw new Sdk.BadInputException($"observation ID '{Shorten(id)}' is not valid: use 1-200 letters, digits, '.', '_', '+' or '-'");

    /// <summary>The ID implied by an input URI or path (its last segment without the observation extension).</summary>
    public static string FromInput(string input)
    {
        var name = input.TrimEnd('/');
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        foreach (var extension in Extensions)
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && name.Length > extension.Length)
                return name[..^extension.Length];
        return name;
    }

    private static string Shorten(string id) => id.Length > 80 ? id[..80] + "…" : id;
}
