using System.Text.Json;
using System.Text.Json.Serialization;
using Reservoir.Sdk;

namespace Reservoir.Algorithms.CnnClassifier.Models;

/// <summary>Which network a sidecar describes.</summary>
public enum ModelArchitecture { TorchScript, Vgg16, Vgg, Cnn1d }

/// <summary>What the model classifies; decides how items become inputs.</summary>
public enum ItemKind { Stamps, FitsImage, Image, LightCurve, Trace }

/// <summary>Per-item intensity normalisation before inference.</summary>
public enum InputNormalization { None, ZScore, MinMax, ImageNet, Fixed }

/// <summary>
/// The JSON file beside a model (snake_case keys; enum values in kebab-case, e.g. <c>"fits-image"</c>):
/// <code>
/// { "architecture": "vgg16", "weights": "vgg16.pt", "input_shape": [1, 224, 224],
///   "class_names": ["good", "shutter", "wobble"], "normalization": "z-score", "item_kind": "fits-image",
///   "binning": 9, "outputs": "logits" }
/// </code>
/// <c>weights</c> is relative to the sidecar: a TorchScript file, a PyTorch <c>torch.save(state_dict)</c> zip or a
/// TorchSharp <c>module.save</c> file. <c>input_shape</c> excludes the batch: (channels, height, width) for 2-D
/// models, (channels, length) for 1-D ones.
/// </summary>
public sealed record ModelSidecar
{
    public required ModelArchitecture Architecture { get; init; }
    public required string Weights { get; init; }
    public required IReadOnlyList<int> InputShape { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }
    public required ItemKind ItemKind { get; init; }

    /// <value>The default value is none.</value>
    public InputNormalization Normalization { get; init; } = InputNormalization.None;

    /// <summary>Per-channel constants for <see cref="InputNormalization.Fixed"/>.</summary>
    public IReadOnlyList<float>? Mean { get; init; }
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Median-binning block for FITS images before the resize. <value>The default value is 1 (none).</value></summary>
    public int Binning { get; init; } = 1;

    /// <summary>Whether the network ends in logits (softmax applied here) or probabilities. <value>The default value is logits.</value></summary>
    public bool OutputsProbabilities { get; init; }

    /// <summary>For <see cref="ModelArchitecture.Vgg"/>: feature plan (-1 = max pool), hidden width and pool size.</summary>
    public IReadOnlyList<int>? VggFeatures { get; init; }
    public int VggHidden { get; init; } = 4096;
    public int VggPoolSize { get; init; } = 7;

    /// <summary>The sidecar's own path (set by <see cref="Load"/>); weights resolve against its folder.</summary>
    [JsonIgnore] public string Path { get; init; } = "";

    [JsonIgnore] public int Channels => InputShape[0];
    [JsonIgnore] public bool IsOneDimensional => InputShape.Count == 2;
    [JsonIgnore] public long InputValues => InputShape.Aggregate(1L, (a, b) => a * b);
    [JsonIgnore] public string WeightsPath => System.IO.Path.GetFullPath(Weights, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".");

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>Reads and validates a sidecar; every problem is a <see cref="BadInputException"/> naming the file and field.</summary>
    public static ModelSidecar Load(string path)
    {
        ModelSidecar? sidecar;
        try { sidecar = JsonSerializer.Deserialize<ModelSidecar>(File.ReadAllText(path), Json); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"model sidecar {path}: {e.Message}", e);
        }
        sidecar = (sidecar ?? throw new BadInputException($"model sidecar {path}: empty")) with { Path = path };
        sidecar.Validate();
        return sidecar;
    }

    /// <summary>Writes the sidecar; unset optional fields (mean, std) are left out.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, SaveJson));

    private static readonly JsonSerializerOptions SaveJson = new(Json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Checks fields against each other and that the weights file exists.</summary>
    public void Validate()
    {
        if (InputShape.Count is not (2 or 3) || InputShape.Any(d => d <= 0)) Fail("input_shape", "must be [channels, length] or [channels, height, width] of positive sizes");
        if (ClassNames.Count < 2 || ClassNames.Any(string.IsNullOrWhiteSpace) || ClassNames.Distinct().Count() != ClassNames.Count)
            Fail("class_names", "needs at least two distinct, non-empty names");
        var oneD = ItemKind is ItemKind.LightCurve or ItemKind.Trace;
        if (oneD != IsOneDimensional) Fail("input_shape", $"item_kind {ItemKind} needs a {(oneD ? "[channels, length]" : "[channels, height, width]")} input shape");
        if (Architecture == ModelArchitecture.Cnn1d && !IsOneDimensional) Fail("architecture", "cnn1d takes [channels, length] inputs");
        if (Architecture is ModelArchitecture.Vgg16 or ModelArchitecture.Vgg && IsOneDimensional) Fail("architecture", "VGG takes [channels, height, width] inputs");
        if (Architecture == ModelArchitecture.Vgg && (VggFeatures is not { Count: > 0 } || VggFeatures.Any(f => f == 0 || f < -1))) Fail("vgg_features", "needs channel counts (> 0) and -1 for max pools");
        if (Binning < 1) Fail("binning", "must be at least 1");
        if (Normalization == InputNormalization.Fixed && (Mean?.Count != Channels || Std?.Count != Channels || Std.Any(s => !(s > 0))))
            Fail("mean/std", $"fixed normalisation needs {Channels} means and {Channels} positive standard deviations");
        if (Normalization == InputNormalization.ImageNet && Channels != 3) Fail("normalization", "image-net needs 3 channels");
        if (string.IsNullOrWhiteSpace(Weights) || !File.Exists(WeightsPath)) Fail("weights", $"file {WeightsPath} does not exist");
    }

    private void Fail(string field, string message) => throw new BadInputException($"model sidecar {Path}: {field}: {message}");
}
