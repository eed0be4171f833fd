using Reservoir.Sdk;
using Reservoir.Sdk.Observations;

namespace Reservoir.Algorithms.EnergyDetection.Detection;

/// <summary>
/// The validated shape of one search: integrations, coarse channel width W and count, window, step, knot
/// spacing. Windows start at i = 0, step, 2·step, … while i &lt; W − step and i + window ≤ W (the second
/// condition only matters when window &gt; 2·step: a window never runs past its coarse channel).
/// </summary>
internal sealed record SearchGeometry(
    int Integrations, int CoarseWidth, int CoarseChannels, int Window, int Step, int KnotSpacing, bool DcRepair, string Source)
{
    /// <summary>Fewest values a window may hold: kurtosistest is not valid below 20.</summary>
    public const int MinimumWindowValues = 20;

    /// <summary>Width of the column blocks whose power sums are combined into windows: gcd(window, step).</summary>
    public int BlockWidth => (int)System.Numerics.BigInteger.GreatestCommonDivisor(Window, Step);

    public int WindowCount
    {
        get
        {
            var count = 0;
            for (long i = 0; i < CoarseWidth - Step && i + Window <= CoarseWidth; i += Step) count++;
            return count;
        }
    }

    /// <summary>The DC channel W/2 (integer division); channels dc and dc−1 are repaired.</summary>
    public int DcChannel => CoarseWidth / 2;

    /// <summary>Values in one window: integrations × window.</summary>
    public long WindowValues => (long)Integrations * Window;

    /// <summary>
    /// Checks the parameters against the observation. W is the header's <c>nfpc</c> when present, else
    /// <see cref="EnergyDetectionParameters.CoarseChannelWidth"/>. Every failure names the parameter, the
    /// header value and the file.
    /// </summary>
    public static SearchGeometry Create(EnergyDetectionParameters parameters, IObservation observation)
    {
        var header = observation.Header;
        var source = observation.Source;
        var shape = observation.Shape;
        int width;
        string widthOrigin;
        if (header.Contains("nfpc"))
        {
            var nfpc = header.FineChannelsPerCoarse;
            if (nfpc is not > 0 || nfpc > int.MaxValue)
                throw new BadInputException($"{source}: header nfpc '{header.GetString("nfpc")}' is not a positive channel count");
            width = (int)nfpc.Value;
            widthOrigin = $"header nfpc {width} of {source}";
        }
        else
        {
            width = parameters.CoarseChannelWidth;
            widthOrigin = $"coarse_channel_width {width} (no nfpc in the header of {source})";
        }

        if (parameters.IfIndex >= shape.Ifs)
            throw new BadParameterException("if_index", $"IF {parameters.IfIndex} does not exist: {source} has nifs {shape.Ifs}");
        if (shape.Channels % width != 0)
        {
            var message = $"{source} has nchans {shape.Channels}, not a multiple of the coarse channel width ({widthOrigin})";
            if (header.Contains("nfpc")) throw new BadInputException(message);
            throw new BadParameterException("coarse_channel_width", message);
        }
        if ((long)shape.Integrations * width > Array.MaxLength)
            throw new BadInputException($"{source}: one coarse channel ({shape.Integrations} integrations × {widthOrigin}) exceeds the largest block this search reads at once");
        if (parameters.Window > width)
            throw new BadParameterException("window", $"window {parameters.Window} is wider than the coarse channel ({widthOrigin})");
        if ((long)shape.Integrations * parameters.Window < MinimumWindowValues)
            throw new BadParameterException("window", $"window {parameters.Window} × {shape.Integrations} integrations of {source} is {(long)shape.Integrations * parameters.Window} values; the statistic needs at least {MinimumWindowValues}");
        if (parameters.Step > parameters.Window)
            throw new BadParameterException("step", $"step {parameters.Step} is larger than window {parameters.Window}");
        if (width % parameters.Step != 0)
            throw new BadParameterException("step", $"the coarse channel width ({widthOrigin}) is not a multiple of step {parameters.Step}");
        if (parameters.DcRepair && width < 6)
            throw new BadParameterException("dc_repair", $"DC repair reads channels W/2−3 .. W/2+2, but the coarse channel width is {width} ({widthOrigin})");

        return new SearchGeometry(shape.Integrations, width, (int)(shape.Channels / width), parameters.Window, parameters.Step,
            width / parameters.KnotSpacingDivisor + 1, parameters.DcRepair, source);
    }
}
