namespace Reservoir.PubSub.Names;

/// <summary>
/// Pub/Sub's rule for project-scoped resource IDs (topics and subscriptions): 3–255 characters, starting with a
/// letter, then letters, digits and <c>-_.~+%</c>, never starting with <c>goog</c>. Checked before any request so
/// a typo is an <see cref="ArgumentException"/> naming the ID rather than a 400 from the server.
/// </summary>
internal static class ResourceId
{
    public static string Check(string id, string kind)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is < 3 or > 255)
            throw new ArgumentException($"{kind} ID '{id}' must be 3 to 255 characters long", kind);
        if (!char.IsAsciiLetter(id[0]))
            throw new ArgumentException($"{kind} ID '{id}' must start with a letter", kind);
        if (id.StartsWith("goog", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{kind} ID '{id}' must not start with 'goog'", kind);
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '+' or '%'))
                throw new ArgumentException($"{kind} ID '{id}' contains '{c}' (allowed: letters, digits, -_.~+%)", kind);
        return id;
    }

    public static string CheckProject(string project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.Length == 0 || project.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ':')))
            throw new ArgumentException($"project '{project}' is not a valid project ID (letters, digits, '-', '.', ':')", "project");
        return project;
    }
}
