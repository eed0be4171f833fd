namespace Reservoir.Storage;

/// <summary>Rules for object keys, shared by every store so that a key valid in one is valid in all.</summary>
public static class ObjectKey
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a relative '/'-separated path
    /// with no empty, '.' or '..' segments, no backslashes and no control characters.
    /// </summary>
    public static string Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0) throw new ArgumentException("object key is empty", nameof(key));
        if (key.StartsWith('/')) throw new ArgumentException($"object key '{key}' is absolute; keys are relative to the store", nameof(key));
        if (key.Contains('\\')) throw new ArgumentException($"object key '{key}' contains a backslash; use '/'", nameof(key));
        if (key.Any(char.IsControl)) throw new ArgumentException($"object key '{key}' contains a control character", nameof(key));
        foreach (var segment in key.Split('/'))
            if (segment is "" or "." or "..")
                throw new ArgumentException($"object key '{key}' has an empty, '.' or '..' segment", nameof(key));
        return key;
    }

    /// <summary>Joins key parts with '/', ignoring empty parts and trailing slashes of each part.</summary>
    public static string Join(params string[] parts) =>
        string.Join('/', parts.Select(p => p.Trim('/')).Where(p => p.Length > 0));
}
