using System.ComponentModel.DataAnnotations;
using Reservoir.Sdk;

namespace Reservoir.Algorithms.CnnClassifier;

/// <summary>Parameters of <see cref="CnnClassifierAlgorithm"/>. What the model is and takes lives in its sidecar.</summary>
public sealed class CnnClassifierParameters : IValidatableObject
{
    /// <summary>
    /// Path of the model sidecar JSON. The default value is empty: the shipped stamp classifier
    /// (noise / narrowband / broadband, <c>models/stamp-classifier/stamp-classifier.json</c> beside the plugin).
    /// </summary>
    [Parameter("model", "model sidecar (.json): architecture, weights, input shape, classes, item kind; empty = the shipped stamp classifier")]
    public string Model { get; set; } = "";

    /// <summary>
    /// What to classify: an energy-detection result folder (stamps, e.g. <c>results/OBS/energy-detection</c>), or a
    /// file or folder of FITS, PNG/PGM, light-curve or .npy items. Required. The runner's <c>--input</c> stays the
    /// observation the items came from: it names the result (<c>&lt;output&gt;/&lt;observation&gt;/cnn-classifier/</c>) and
    /// gives <c>header.json</c>.
    /// </summary>
    [Parameter("items", "what to classify: an energy-detection result folder (stamps) or a file/folder of FITS, PNG/PGM, light-curve or .npy items")]
    public string Items { get; set; } = "";

    /// <summary>Items per forward pass. The default value is 16.</summary>
    [Parameter("batch_size", "items per forward pass")]
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Items whose top probability is below this are left out of the result. The default value is 0 (keep all).</summary>
    [Parameter("min_confidence", "an item is written (row + model input) when its top probability is at least this")]
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; }

    /// <summary>libtorch threads; 0 = the CPU limit (cgroup cpu.max) or the core count. The default value is 0.</summary>
    [Parameter("threads", "libtorch threads; 0 = the pod's CPU limit, else the core count")]
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>Whether a CUDA device is used when libtorch has one. The default value is true.</summary>
    [Parameter("cuda", "use a CUDA device when the libtorch build and the machine have one")]
    public bool Cuda { get; set; } = true;

    /// <summary>Flux column of light-curve tables. The default value is PDCSAP_FLUX.</summary>
    [Parameter("flux_column", "flux column of FITS light-curve tables")]
    public string FluxColumn { get; set; } = "PDCSAP_FLUX";

    /// <summary>QUALITY bits that drop a light-curve cadence. The default value is -1 (any flag).</summary>
    [Parameter("quality_mask", "QUALITY bits that drop a light-curve cadence (-1 = any flag)")]
    public long QualityMask { get; set; } = -1;

    /// <summary>The shipped stamp classifier's sidecar, beside the plugin assembly.</summary>
    public static string ShippedStampModel =>
        Path.Combine(Path.GetDirectoryName(typeof(CnnClassifierParameters).Assembly.Location) ?? AppContext.BaseDirectory, "models", "stamp-classifier", "stamp-classifier.json");

    /// <summary><see cref="Model"/>, or <see cref="ShippedStampModel"/> when it is empty.</summary>
    public string ModelPath => string.IsNullOrWhiteSpace(Model) ? ShippedStampModel : Model;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Items)) yield return new ValidationResult("required: what to classify", [nameof(Items)]);
    }
}
