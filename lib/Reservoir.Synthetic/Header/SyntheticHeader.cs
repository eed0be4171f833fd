using Reservoir.Sdk.Observations;

namespace Reservoir.Synthetic.Header;

/// <summary>
/// The header a Breakthrough Listen GBT product would carry, with the spec's values: the SIGPROC keys BL
/// HDF5 files hold as attributes of <c>data</c>, plus <c>nfpc</c> (fine channels per coarse channel).
/// </summary>
internal static class SyntheticHeader
{
    public const long GreenBankTelescopeId = 6;
    public const long BreakthroughListenMachineId = 10;

    public static ObservationHeader Build(SyntheticObservationSpec spec) => new(
    [
        new("telescope_id", GreenBankTelescopeId),
        new("machine_id", BreakthroughListenMachineId),
        new("data_type", 1L),
        new("rawdatafile", $"synthetic_seed{spec.Seed}_0000.raw"),
        new("source_name", spec.SourceName),
        new("az_start", 187.25),
        new("za_start", 61.5),
        new("src_raj", 174540.0409),
        new("src_dej", -290028.118),
        new("tstart", spec.Tstart),
        new("tsamp", spec.Tsamp),
        new("nbits", 32L),
        new("fch1", spec.Fch1),
        new("foff", spec.Foff),
        new("nchans", spec.TotalChannels),
        new("nifs", (long)spec.Ifs),
        new("nfpc", (long)spec.FineChannelsPerCoarse),
    ]);
}
