using System.ComponentModel.DataAnnotations;
using Reservoir.Sdk;

namespace Reservoir.Algorithms.EnergyDetection;

/// <summary>
/// Parameters of <see cref="EnergyDetectionAlgorithm"/>. The defaults are the Breakthrough Listen
/// fine-resolution search. Checks that need the observation (coarse channel width against nchans, window,
/// step and knots) run when the search starts, see <c>SearchGeometry</c>.
/// </summary>
public sealed class EnergyDetectionParameters : IValidatableObject
{
    /// <summary>Fine channels per coarse channel when the header has no <c>nfpc</c>. The default value is 2^20.</summary>
    [Parameter("coarse_channel_width", "fine channels per coarse channel, used only when the header has no nfpc")]
    [Range(1, int.MaxValue)]
    public int CoarseChannelWidth { get; set; } = 1 << 20;

    /// <summary>Channels per tested window. The default value is 256.</summary>
    [Parameter("window", "channels per tested window; the statistic uses all integrations x window values")]
    [Range(1, 1 << 24)]
    public int Window { get; set; } = 256;

    /// <summary>Channels between window starts. The default value is 128.</summary>
    [Parameter("step", "channels between the starts of consecutive windows (at most window)")]
    [Range(1, 1 << 24)]
    public int Step { get; set; } = 128;

    /// <summary>A window is a hit when its K² exceeds this. The default value is 2048.</summary>
    [Parameter("threshold", "a window is a hit when its D'Agostino-Pearson K^2 exceeds this")]
    [Range(0.0, double.MaxValue)]
    public double Threshold { get; set; } = 2048;

    /// <summary>Interior spline knots sit at multiples of W / divisor + 1 (integer division) below W. The default value is 16.</summary>
    [Parameter("knot_spacing_divisor", "bandpass spline knots every W//divisor+1 channels")]
    [Range(1, int.MaxValue)]
    public int KnotSpacingDivisor { get; set; } = 16;

    /// <summary>Whether the two channels at the coarse channel centre are replaced by neighbour means. The default value is true.</summary>
    [Parameter("dc_repair", "replace the DC spike channels W/2 and W/2-1 by means of their neighbours")]
    public bool DcRepair { get; set; } = true;

    /// <summary>Which IF (polarisation product) is searched. The default value is 0.</summary>
    [Parameter("if_index", "IF (polarisation) searched")]
    [Range(0, 1 << 20)]
    public int IfIndex { get; set; }

    /// <summary>Checks that need no observation; the binder reports the member as its parameter name.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Step > Window)
            yield return new ValidationResult($"step {Step} is larger than window {Window}: channels between windows would never be tested", [nameof(Step)]);
    }
}
