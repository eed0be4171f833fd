namespace Reservoir.Synthetic.Tests.Header;

public sealed class SyntheticHeaderTests
{
    [Fact]
    public void Header_HasBreakthroughListenKeysInOrderWithSpecValues()
    {
        var spec = SmallSpecs.NoiseOnly(seed: 42, coarseChannels: 3, ifs: 2) with { SourceName = "VOYAGER-1", Tstart = 58000.25 };
        using var observation = new SyntheticObservation(spec);
        var header = observation.Header;

        Assert.Equal(
            ["telescope_id", "machine_id", "data_type", "rawdatafile", "source_name", "az_start", "za_start", "src_raj", "src_dej",
             "tstart", "tsamp", "nbits", "fch1", "foff", "nchans", "nifs", "nfpc"],
            header.Entries.Select(e => e.Key));
        Assert.Equal(6L, header["telescope_id"]);
        Assert.Equal(1L, header["data_type"]);
        Assert.Equal(32L, header["nbits"]);
        Assert.Equal("VOYAGER-1", header.SourceName);
        Assert.Equal(58000.25, header.Tstart);
        Assert.Equal(18.253611008, header.Tsamp);
        Assert.Equal(-2.7939677238464355e-06, header.Foff);
        Assert.Equal(spec.Fch1, header.Fch1);
        Assert.Equal(3L * SmallSpecs.Width, header["nchans"]);
        Assert.Equal(2L, header["nifs"]);
        Assert.Equal((long)SmallSpecs.Width, header.FineChannelsPerCoarse);
        Assert.Contains("42", header.GetString("rawdatafile"));
        Assert.All(header.Entries, e => Assert.True(e.Value is long or double or string, $"{e.Key} is {e.Value.GetType().Name}"));
    }
}
