using Reservoir.Sdk.Observations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests;

/// <summary>The team's real GBT sample in both formats must read back identical, with the documented facts.</summary>
public sealed class SampleObservationTests
{
    [Fact]
    public void Open_SampleFilAndBlH5_ReadIdenticalValuesAndHeaders()
    {
        using var fil = ObservationFile.Open(SharedData.Path(SharedData.SampleFil));
        using var h5 = ObservationFile.Open(SharedData.Path(SharedData.SampleH5));

        Assert.Equal(new ObservationShape(32, 1, 1024), fil.Shape);
        Assert.Equal(fil.Shape, h5.Shape);
        Assert.Equal(6663.99999987334, fil.Header.Fch1);
        Assert.Equal(-1.3969838619232178e-06, fil.Header.Foff);
        Assert.Equal(1.431655765333332, fil.Header.Tsamp);
        Assert.Equal("DIAG_SGR_B2", fil.Header.SourceName);
        Assert.Equal(131_466, fil.StoredBytes);
        foreach (var key in new[] { "fch1", "foff", "tsamp", "tstart", "nchans", "nifs", "nbits", "source_name", "rawdatafile", "src_raj", "src_dej", "telescope_id", "machine_id", "ibeam", "nbeams", "data_type", "az_start", "za_start" })
            Assert.Equal(fil.Header[key], h5.Header[key]);

        var all = DataBlock.AllTimes(fil.Shape, 0, 0, 1024);
        var a = new float[all.Values];
        var b = new float[all.Values];
        fil.Read(all, a);
        h5.Read(all, b);
        Assert.Equal(a, b);
        Assert.Contains(a, v => v > 1e6f);

        // A partial block inside the cube agrees with the full read.
        var part = new DataBlock(3, 5, 0, 100, 333);
        var p = new float[part.Values];
        h5.Read(part, p);
        for (var t = 0; t < 5; t++)
            Assert.Equal(a.AsSpan((3 + t) * 1024 + 100, 333).ToArray(), p.AsSpan(t * 333, 333).ToArray());
    }

    [Fact]
    public void Open_SampleFil_HeaderKeysInFileOrderWithSigprocTypes()
    {
        using var fil = ObservationFile.Open(SharedData.Path(SharedData.SampleFil));
        var keys = fil.Header.Entries.Select(e => e.Key).ToArray();
        Assert.Equal(["machine_id", "telescope_id", "src_raj", "src_dej", "az_start", "za_start", "data_type", "fch1", "foff", "nchans", "nbeams", "ibeam", "nbits", "tstart", "tsamp", "nifs", "source_name", "rawdatafile"], keys);
        Assert.IsType<long>(fil.Header["nchans"]);
        Assert.Equal(-1L, fil.Header["ibeam"]);
        Assert.IsType<double>(fil.Header["src_raj"]);
        Assert.Equal("blc13_guppi_58465_61957_DIAG_SGR_B2_0066.0000.raw", fil.Header["rawdatafile"]);
    }
}
