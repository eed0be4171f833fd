using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Reservoir.Operator.Resources;

/// <summary>
/// One search of one observation by one algorithm: the durable record between the intake (which creates it,
/// named by <c>SearchName.For</c>) and the reconciler (which runs it as a Job of the same name and writes
/// its status). The JSON names here are the CRD's schema; a test compares them with search-crd.yaml.
/// </summary>
public sealed class SearchResource : IKubernetesObject<V1ObjectMeta>, ISpec<SearchResourceSpec>, IStatus<SearchResourceStatus?>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = SearchCrd.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = SearchCrd.Kind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public SearchResourceSpec Spec { get; set; } = new();
    [JsonPropertyName("status")] public SearchResourceStatus? Status { get; set; }
}

/// <summary>What to search: immutable once created.</summary>
public sealed class SearchResourceSpec
{
    /// <summary>Observation ID (letters, digits, <c>._+-</c>, 1–200 chars).</summary>
    [JsonPropertyName("observation")] public string Observation { get; set; } = "";

    /// <summary>Input URI (gs://… or a path the pod can read).</summary>
    [JsonPropertyName("input")] public string Input { get; set; } = "";

    /// <summary>Algorithm name, a key of the algorithm registry.</summary>
    [JsonPropertyName("algorithm")] public string Algorithm { get; set; } = "";

    /// <summary>Algorithm parameters as text (<c>--param k=v</c> of the runner); registry defaults fill the rest.</summary>
    [JsonPropertyName("params")] public Dictionary<string, string> Params { get; set; } = [];

    /// <summary>Output root URI; results land in <c>{output}/{observation}/{algorithm}/</c>.</summary>
    [JsonPropertyName("output")] public string Output { get; set; } = "";
}

/// <summary>What happened: written only by the reconciler, through the status subresource.</summary>
public sealed class SearchResourceStatus
{
    /// <summary>One of <see cref="SearchPhase"/>.</summary>
    [JsonPropertyName("phase")] public string? Phase { get; set; }

    /// <summary>Pods started for this Search so far (1 on a first try).</summary>
    [JsonPropertyName("attempts")] public int Attempts { get; set; }

    [JsonPropertyName("jobName")] public string? JobName { get; set; }

    /// <summary>The algorithm image the Job ran (from the registry when the Job was created).</summary>
    [JsonPropertyName("image")] public string? Image { get; set; }

    [JsonPropertyName("startedAt")] public DateTimeOffset? StartedAt { get; set; }
    [JsonPropertyName("finishedAt")] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Hit count from the result manifest (Succeeded only).</summary>
    [JsonPropertyName("hits")] public long? Hits { get; set; }

    /// <summary>Where the result set is: <c>{output}/{observation}/{algorithm}/</c>.</summary>
    [JsonPropertyName("resultUri")] public string? ResultUri { get; set; }

    /// <summary>Human-readable reason: why Pending, or the runner's termination message on failure.</summary>
    [JsonPropertyName("message")] public string? Message { get; set; }

    /// <summary>metadata.generation this status was computed from.</summary>
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; set; }
}

/// <summary>A list response for Searches (the CRD's <c>SearchList</c>).</summary>
public sealed class SearchResourceList : IKubernetesObject<V1ListMeta>, IItems<SearchResource>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = SearchCrd.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = SearchCrd.ListKind;
    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();
    [JsonPropertyName("items")] public IList<SearchResource> Items { get; set; } = [];
}
