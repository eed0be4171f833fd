using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Formats.Preprocessing;

namespace Reservoir.Algorithms.CnnClassifier.Items;

/// <summary>
/// Brings decoded planes to the model's input: optional median binning, bilinear resize to (height, width)
/// when the size differs, channel matching (one plane is repeated over every channel; otherwise the counts must
/// agree) and the sidecar's normalisation, per channel. 1-D inputs are planes of height 1.
/// </summary>
internal sealed class InputShaper(ModelSidecar sidecar)
{
    private int Height => sidecar.IsOneDimensional ? 1 : sidecar.InputShape[1];
    private int Width => sidecar.InputShape[^1];

    /// <summary>The model input for <paramref name="planes"/> (1 or <see cref="ModelSidecar.Channels"/> of them).</summary>
    public float[] Shape(IReadOnlyList<ImagePlane> planes, string item, int binning = 1)
    {
        var channels = sidecar.Channels;
        if (planes.Count != 1 && planes.Count != channels)
            throw new Sdk.BadInputException($"{item}: has {planes.Count} channels, the model takes {channels} (or 1, repeated)");
        var input = new float[sidecar.InputValues];
        var size = Width * Height;
        for (var c = 0; c < channels; c++)
        {
            var plane = planes[planes.Count == 1 ? 0 : c];
            if (binning > 1)
            {
                if (plane.Width < binning || plane.Height < binning)
                    throw new Sdk.BadInputException($"{item}: {plane.Width}x{plane.Height} is smaller than the {binning}x{binning} binning block");
                plane = MedianBinning.Bin(plane, binning);
            }
            if (plane.Width != Width || plane.Height != Height) plane = BilinearResize.Resize(plane, Width, Height);
            plane = Normalize(plane, c);
            plane.Data.AsSpan(0, size).CopyTo(input.AsSpan(c * size, size));
        }
        for (var i = 0; i < input.Length; i++)
            if (float.IsNaN(input[i])) input[i] = 0; // blanks never reach the network
        return input;
    }

    private ImagePlane Normalize(ImagePlane plane, int channel) => sidecar.Normalization switch
    {
        InputNormalization.None => plane,
        InputNormalization.ZScore => Normalization.ZScore(plane),
        InputNormalization.MinMax => Normalization.MinMax(plane),
        InputNormalization.ImageNet => Normalization.Standardize(plane, Normalization.ImageNetMean[channel], Normalization.ImageNetStd[channel]),
        InputNormalization.Fixed => Normalization.Standardize(plane, sidecar.Mean![channel], sidecar.Std![channel]),
        _ => throw new ArgumentOutOfRangeException(nameof(sidecar), sidecar.Normalization, "unknown normalisation"),
    };
}
