using k8s.Models;
using Reservoir.Operator.Registry;
using Reservoir.Operator.Resources;

namespace Reservoir.Operator.Launch;

/// <summary>
/// Builds the batch/v1 Job of a Search: named as the Search, owned by it, labelled
/// <see cref="SearchCrd.SearchLabel"/> and <see cref="SearchCrd.AlgorithmLabel"/>, annotated with
/// <see cref="SearchCrd.ImageAnnotation"/>, one container running
/// <c>reservoir run --algorithm A --input I --output O --observation ID [--param k=v]…</c> (args only; the
/// image's entrypoint is the runner) with env <c>RESERVOIR_TERMINATION_MESSAGE_PATH</c> equal to the
/// container's terminationMessagePath. Pure: no API calls.
/// </summary>
public interface IJobFactory
{
    V1Job Create(SearchResource search, AlgorithmEntry algorithm);
}
