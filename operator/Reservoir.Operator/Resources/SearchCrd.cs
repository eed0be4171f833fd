namespace Reservoir.Operator.Resources;

/// <summary>
/// Names of the Search custom resource (<c>reservoir.io/v1alpha1</c>, namespaced) and of the labels and
/// annotations the operator puts on Searches and Jobs. <c>search-crd.yaml</c> (embedded) is the CRD itself;
/// a test proves it agrees with <see cref="SearchResource"/>.
/// </summary>
public static class SearchCrd
{
    public const string Group = "reservoir.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Kind = "Search";
    public const string ListKind = "SearchList";
    public const string Plural = "searches";
    public const string Singular = "search";
    public const string ShortName = "srch";

    /// <summary>Label on a Job (and its pods): the name of the Search it serves.</summary>
    public const string SearchLabel = "reservoir.io/search";

    /// <summary>Label on Searches and Jobs: the algorithm name.</summary>
    public const string AlgorithmLabel = "reservoir.io/algorithm";

    /// <summary>Label on Searches: the observation ID (when it is a valid label value; else absent).</summary>
    public const string ObservationLabel = "reservoir.io/observation";

    /// <summary>Annotation on a Search: the Pub/Sub publish time of the message that created it (RFC 3339).</summary>
    public const string PublishedAtAnnotation = "reservoir.io/published-at";

    /// <summary>Annotation on a Search: the Pub/Sub message ID that created it.</summary>
    public const string MessageIdAnnotation = "reservoir.io/message-id";

    /// <summary>Annotation on a Job: the algorithm image it was created with.</summary>
    public const string ImageAnnotation = "reservoir.io/image";

    /// <summary>The embedded CRD manifest (YAML), as applied to a cluster.</summary>
    public static string ManifestYaml()
    {
        using var stream = typeof(SearchCrd).Assembly.GetManifestResourceStream("search-crd.yaml")
            ?? throw new InvalidOperationException("search-crd.yaml is not embedded in the operator assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
