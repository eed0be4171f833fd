using Reservoir.Sdk;

namespace Reservoir.Formats.Preprocessing;

/// <summary>How <see cref="LightCurvePreparation"/> turns a light curve into a model input.</summary>
public sealed record LightCurveOptions
{
    /// <summary>Points of the uniform output grid (the 1-D model's input length). <value>The default value is 2048.</value></summary>
    public int Length { get; init; } = 2048;

    /// <summary>
    /// QUALITY bits that drop a cadence: a point is kept when <c>(quality &amp; QualityMask) == 0</c>.
    /// <value>The default value is -1 (any flag drops the point).</value>
    /// </summary>
    public long QualityMask { get; init; } = -1;

    /// <summary>Fails with <see cref="BadParameterException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (Length < 2) throw new BadParameterException(nameof(Length), $"must be at least 2, got {Length}");
    }
}

/// <summary>A light curve on a uniform time grid: <see cref="Flux"/>[k] is the normalised flux at <see cref="Time"/>[k].</summary>
/// <param name="PointsUsed">Cadences left after dropping flagged, NaN and infinite points.</param>
public sealed record PreparedLightCurve(double[] Time, float[] Flux, int PointsUsed);
