namespace Reservoir.Web;

/// <summary>
/// What <see cref="ResultsServer"/> serves and how. Defaults are documented on each property;
/// <see cref="Validate"/> runs when the server starts and names every bad field.
/// </summary>
public sealed record WebOptions
{
    /// <summary>Default listen address: loopback only, so results are not exposed to the network by accident.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>
    /// The results root: a folder (or <c>file://</c> URI) or a <c>gs://bucket/prefix</c>, laid out as
    /// <c>&lt;root&gt;/&lt;observation&gt;/&lt;algorithm&gt;/</c>. Required. Nothing outside it is ever served.
    /// </summary>
    public required string Root { get; init; }

    /// <summary>Address to listen on; port 0 picks a free port (see <see cref="ResultsServer.Url"/>). The default is <see cref="DefaultUrl"/>.</summary>
    public string Url { get; init; } = DefaultUrl;

    /// <summary>Result sets per page of the observations list. The default is 50.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>Stamps (waterfalls) per page of a result. The default is 24.</summary>
    public int StampsPerPage { get; init; } = 24;

    /// <summary>Most hits rows written into a result page's table (all are downloadable). The default is 5000.</summary>
    public int MaxTableRows { get; init; } = 5000;

    /// <summary>
    /// How old the index of result sets may get before a request triggers a re-list of the root (in the
    /// background while the old index keeps answering). The default is 30 seconds.
    /// </summary>
    public TimeSpan IndexRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Root)) errors.Add("Root is empty: give a results folder or gs://bucket/prefix");
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            errors.Add($"Url '{Url}' is not an absolute http:// address (e.g. {DefaultUrl})");
        if (PageSize is < 1 or > 1000) errors.Add($"PageSize {PageSize} must be between 1 and 1000");
        if (StampsPerPage is < 1 or > 500) errors.Add($"StampsPerPage {StampsPerPage} must be between 1 and 500");
        if (MaxTableRows is < 1 or > 1_000_000) errors.Add($"MaxTableRows {MaxTableRows} must be between 1 and 1000000");
        if (IndexRefreshInterval <= TimeSpan.Zero) errors.Add($"IndexRefreshInterval {IndexRefreshInterval} must be positive");
        if (errors.Count > 0) throw new ArgumentException("invalid web options: " + string.Join("; ", errors));
    }
}
