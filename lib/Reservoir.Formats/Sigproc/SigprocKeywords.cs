namespace Reservoir.Formats.Sigproc;

/// <summary>How a SIGPROC header keyword's value is stored after the keyword.</summary>
internal enum SigprocValueType
{
    /// <summary>Little-endian int32, reported as long.</summary>
    Int32,
    /// <summary>Little-endian int64 (sigproc's <c>long npuls</c>), reported as long.</summary>
    Int64,
    /// <summary>One signed byte (the <c>signed</c> flag), reported as long.</summary>
    Int8,
    /// <summary>Little-endian float64.</summary>
    Double,
    /// <summary>Little-endian int32 length then that many bytes (ASCII).</summary>
    String,
}

/// <summary>The standard SIGPROC filterbank header keywords and their binary types.</summary>
internal static class SigprocKeywords
{
    public const string Start = "HEADER_START";
    public const string End = "HEADER_END";

    public static readonly IReadOnlyDictionary<string, SigprocValueType> Types = new Dictionary<string, SigprocValueType>
    {
        ["telescope_id"] = SigprocValueType.Int32,
        ["machine_id"] = SigprocValueType.Int32,
        ["data_type"] = SigprocValueType.Int32,
        ["rawdatafile"] = SigprocValueType.String,
        ["source_name"] = SigprocValueType.String,
        ["barycentric"] = SigprocValueType.Int32,
        ["pulsarcentric"] = SigprocValueType.Int32,
        ["az_start"] = SigprocValueType.Double,
        ["za_start"] = SigprocValueType.Double,
        ["src_raj"] = SigprocValueType.Double,
        ["src_dej"] = SigprocValueType.Double,
        ["tstart"] = SigprocValueType.Double,
        ["tsamp"] = SigprocValueType.Double,
        ["nbits"] = SigprocValueType.Int32,
        ["nsamples"] = SigprocValueType.Int32,
        ["fch1"] = SigprocValueType.Double,
        ["foff"] = SigprocValueType.Double,
        ["nchans"] = SigprocValueType.Int32,
        ["nifs"] = SigprocValueType.Int32,
        ["refdm"] = SigprocValueType.Double,
        ["refrf"] = SigprocValueType.Double,
        ["period"] = SigprocValueType.Double,
        ["nbeams"] = SigprocValueType.Int32,
        ["ibeam"] = SigprocValueType.Int32,
        ["nbins"] = SigprocValueType.Int32,
        ["npuls"] = SigprocValueType.Int64,
        ["signed"] = SigprocValueType.Int8,
    };

    /// <summary>Keywords of the non-uniform frequency table, which this reader does not support.</summary>
    public static readonly IReadOnlySet<string> FrequencyTable = new HashSet<string> { "FREQUENCY_START", "FREQUENCY_END", "fchannel" };
}
