using System.Diagnostics;
using Reservoir.Formats.Hdf5;
using Reservoir.Formats.Sigproc;
using Reservoir.Sdk;

namespace Reservoir.Synthetic.Files;

/// <summary>What <see cref="SyntheticFileWriter.Write"/> produced and how long it took.</summary>
/// <param name="GenerateTime">Time spent computing values (inside <c>Read</c>); the rest is encoding and I/O.</param>
public sealed record SyntheticFileResult(string Path, SyntheticFileFormat Format, long Bytes, long Values, TimeSpan TotalTime, TimeSpan GenerateTime)
{
    /// <summary>Generation speed in MB/s (10^6 bytes) of float32.</summary>
    public double GenerateMegabytesPerSecond => Values * 4.0 / 1e6 / Math.Max(GenerateTime.TotalSeconds, 1e-9);

    /// <summary>Whole-write speed in MB/s of float32 values.</summary>
    public double WriteMegabytesPerSecond => Values * 4.0 / 1e6 / Math.Max(TotalTime.TotalSeconds, 1e-9);
}

/// <summary>
/// Writes a synthetic observation to a file with the Formats writers. The file appears complete or not at
/// all: it is written beside the target as <c>NAME.partial</c> and renamed when done.
/// </summary>
public static class SyntheticFileWriter
{
    /// <param name="nbits">Filterbank sample size: 32 (float32), 16 or 8 (unsigned integers, rounded and clamped).
    /// HDF5 is always float32.</param>
    /// <param name="progress">Receives the fraction written, 0..1, about every 1 %.</param>
    public static SyntheticFileResult Write(SyntheticObservationSpec spec, string path, SyntheticFileFormat format, int nbits = 32, IProgress<double>? progress = null)
    {
        ValidateNbits(format, nbits);

        var full = Path.GetFullPath(path);
        var partial = full + ".partial";
        var clock = Stopwatch.StartNew();
        using var observation = new TimedObservation(new SyntheticObservation(spec), progress);
        try
        {
            if (format == SyntheticFileFormat.BlHdf5) BlHdf5Writer.Write(observation, partial);
            else SigprocWriter.Write(observation, partial, nbits);
            File.Move(partial, full, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        return new SyntheticFileResult(full, format, new FileInfo(full).Length, observation.ValuesRead, clock.Elapsed, observation.ReadTime);
    }

    /// <summary>Throws <see cref="BadParameterException"/> ("nbits") unless the format can store that sample size.</summary>
    public static void ValidateNbits(SyntheticFileFormat format, int nbits)
    {
        if (nbits is not (8 or 16 or 32)) throw new BadParameterException("nbits", $"must be 8, 16 or 32, got {nbits}");
        if (format == SyntheticFileFormat.BlHdf5 && nbits != 32) throw new BadParameterException("nbits", "HDF5 output is float32 (nbits 32) only");
    }
}
