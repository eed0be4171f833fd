namespace Reservoir.Formats.Preprocessing;

/// <summary>
/// Intensity normalisations applied before inference. Each returns a new plane. Statistics ignore NaN pixels,
/// and NaN pixels come out as 0 (the normalised mean for z-score, the minimum for min-max), so a blank
/// never reaches a model as NaN.
/// </summary>
public static class Normalization
{
    /// <summary>torchvision's ImageNet channel means (R, G, B) for inputs scaled to [0, 1].</summary>
    public static readonly IReadOnlyList<float> ImageNetMean = [0.485f, 0.456f, 0.406f];

    /// <summary>torchvision's ImageNet channel standard deviations (R, G, B).</summary>
    public static readonly IReadOnlyList<float> ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>(v − mean) / std with the population standard deviation (ddof 0); a constant plane gives zeros.</summary>
    public static ImagePlane ZScore(ImagePlane plane)
    {
        double sum = 0, sumSquares = 0;
        long n = 0;
        foreach (var v in plane.Data)
            if (!float.IsNaN(v)) { sum += v; n++; }
        var mean = n > 0 ? sum / n : 0;
        foreach (var v in plane.Data)
            if (!float.IsNaN(v)) sumSquares += (v - mean) * (v - mean);
        var std = n > 0 ? Math.Sqrt(sumSquares / n) : 0;
        return Map(plane, v => (float)(std > 0 ? (v - mean) / std : 0));
    }

    /// <summary>(v − min) / (max − min) into [0, 1]; a constant plane gives zeros.</summary>
    public static ImagePlane MinMax(ImagePlane plane)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in plane.Data)
            if (!float.IsNaN(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        var range = max - min;
        return Map(plane, v => range > 0 ? (v - min) / range : 0f);
    }

    /// <summary>(v − mean) / std with given constants (torchvision <c>Normalize</c> for one channel).</summary>
    public static ImagePlane Standardize(ImagePlane plane, float mean, float std)
    {
        if (!(std > 0)) throw new ArgumentOutOfRangeException(nameof(std), std, "must be positive");
        return Map(plane, v => (v - mean) / std);
    }

    /// <summary>
    /// ImageNet normalisation of R, G, B planes in [0, 1]; a single gray plane is repeated into three channels,
    /// as a stock VGG16 expects.
    /// </summary>
    public static ImagePlane[] ImageNet(IReadOnlyList<ImagePlane> planes)
    {
        if (planes.Count is not (1 or 3)) throw new ArgumentException($"ImageNet normalisation needs 1 or 3 planes, got {planes.Count}", nameof(planes));
        return Enumerable.Range(0, 3).Select(c => Standardize(planes[planes.Count == 1 ? 0 : c], ImageNetMean[c], ImageNetStd[c])).ToArray();
    }

    private static ImagePlane Map(ImagePlane plane, Func<float, float> f)
    {
        var output = new float[plane.Data.Length];
        for (var i = 0; i < output.Length; i++) output[i] = float.IsNaN(plane.Data[i]) ? 0f : f(plane.Data[i]);
        return new ImagePlane(plane.Width, plane.Height, output);
    }
}
