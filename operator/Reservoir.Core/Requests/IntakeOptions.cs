namespace Reservoir.Core.Requests;

/// <summary>How a message that leaves something out is completed.</summary>
public sealed record IntakeOptions
{
    /// <summary>
    /// Input for a message without one: <c>{observation}</c> is replaced by the ID.
    /// <value>The default value is <c>{observation}.h5</c>.</value>
    /// </summary>
    public string InputTemplate { get; init; } = "{observation}.h5";

    /// <summary>
    /// Folder or URI prefix the templated input is resolved under (e.g. <c>/data/observations</c> or
    /// <c>gs://bucket/observations</c>). Empty means the template stands alone.
    /// <value>The default value is empty.</value>
    /// </summary>
    public string InputRoot { get; init; } = "";

    /// <summary>Algorithms for a message that names none. <value>The default value is <c>energy-detection</c>.</value></summary>
    public IReadOnlyList<string> DefaultAlgorithms { get; init; } = ["energy-detection"];

    /// <summary>Throws <see cref="ArgumentException"/> at start-up when the options cannot work.</summary>
    public void Validate()
    {
        if (!InputTemplate.Contains("{observation}", StringComparison.Ordinal))
            throw new ArgumentException($"input template '{InputTemplate}' must contain {{observation}}", nameof(InputTemplate));
        if (DefaultAlgorithms.Count == 0)
            throw new ArgumentException("at least one default algorithm is required", nameof(DefaultAlgorithms));
        foreach (var a in DefaultAlgorithms)
            if (RequestParser.CheckAlgorithm(a) is { } reason) throw new ArgumentException(reason, nameof(DefaultAlgorithms));
    }

    internal string InputFor(string observation)
    {
        var relative = InputTemplate.Replace("{observation}", observation, StringComparison.Ordinal);
        if (InputRoot.Length == 0) return relative;
        return InputRoot.Contains("://", StringComparison.Ordinal)
            ? InputRoot.TrimEnd('/') + "/" + relative
            : Path.Combine(InputRoot, relative);
    }
}
