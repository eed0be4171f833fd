using Reservoir.Sdk;

namespace Reservoir.Synthetic.Files;

/// <summary>The file formats a synthetic observation can be written as.</summary>
public enum SyntheticFileFormat
{
    /// <summary>Breakthrough Listen HDF5 (<c>.h5</c>), bitshuffle + LZ4.</summary>
    BlHdf5,
    /// <summary>SIGPROC filterbank (<c>.fil</c>).</summary>
    Filterbank,
}

public static class SyntheticFileFormats
{
    /// <summary>
    /// The format named by <paramref name="name"/> ("h5", "hdf5", "fil", "filterbank"), or when that is null the
    /// one <paramref name="path"/>'s extension implies. Throws <see cref="BadParameterException"/> when neither says.
    /// </summary>
    public static SyntheticFileFormat Resolve(string path, string? name = null)
    {
        if (name is not null)
            return name.Trim().ToLowerInvariant() switch
            {
                "h5" or "hdf5" => SyntheticFileFormat.BlHdf5,
                "fil" or "filterbank" or "sigproc" => SyntheticFileFormat.Filterbank,
                _ => throw new BadParameterException("format", $"'{name}' is not a format: use h5 or fil"),
            };
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".h5" or ".hdf5" => SyntheticFileFormat.BlHdf5,
            ".fil" => SyntheticFileFormat.Filterbank,
            var other => throw new BadParameterException("format",
                $"cannot tell the format of '{path}' from its extension '{other}': name it .h5 or .fil, or give the format"),
        };
    }
}
