using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using Reservoir.Core.Requests;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Intake;

/// <summary>Turns one <see cref="SearchSpec"/> of a message into the Search resource the intake creates.</summary>
public static partial class SearchResources
{
    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$")]
    private static partial Regex LabelValue();

    /// <param name="spec">One algorithm's search, named by <see cref="SearchName.For"/>.</param>
    /// <param name="outputRoot">Becomes <c>spec.output</c>.</param>
    /// <param name="messageId">Pub/Sub message ID, kept as an annotation (which message created it).</param>
    /// <param name="publishedAt">Pub/Sub publish time, kept as an annotation (dispatch latency is measured from it).</param>
    public static SearchResource From(SearchSpec spec, string outputRoot, string? messageId, DateTimeOffset? publishedAt)
    {
        var labels = new Dictionary<string, string> { [SearchCrd.AlgorithmLabel] = spec.Algorithm };
        // Observation IDs allow '+', which label values do not: such Searches are found by name or field instead.
        if (LabelValue().IsMatch(spec.Observation)) labels[SearchCrd.ObservationLabel] = spec.Observation;
        var annotations = new Dictionary<string, string>();
        if (messageId is not null) annotations[SearchCrd.MessageIdAnnotation] = messageId;
        if (publishedAt is { } at) annotations[SearchCrd.PublishedAtAnnotation] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        return new SearchResource
        {
            Metadata = new V1ObjectMeta { Name = spec.Name, Labels = labels, Annotations = annotations.Count == 0 ? null : annotations },
            Spec = new SearchResourceSpec
            {
                Observation = spec.Observation,
                Input = spec.Input,
                Algorithm = spec.Algorithm,
                Params = new Dictionary<string, string>(spec.Params),
                Output = outputRoot,
            },
        };
    }
}
