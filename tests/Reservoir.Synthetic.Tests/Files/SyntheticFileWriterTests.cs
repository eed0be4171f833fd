using System.Globalization;
using Reservoir.Formats;
using Reservoir.Sdk;
using Reservoir.Sdk.Observations;
using Reservoir.Synthetic.Files;
using Reservoir.TestSupport;

namespace Reservoir.Synthetic.Tests.Files;

public sealed class SyntheticFileWriterTests
{
    private static SyntheticObservationSpec DemoSpec(int ifs = 1) =>
        SyntheticObservationSpec.Demo(31, new DemoOptions { FineChannelsPerCoarse = SmallSpecs.Width, CoarseChannels = 3, Tones = 4, Ifs = ifs });

    [Theory]
    [InlineData(SyntheticFileFormat.Filterbank, "demo.fil")]
    [InlineData(SyntheticFileFormat.BlHdf5, "demo.h5")]
    public void Write_ThenOpen_ReadsBackExactlyTheGeneratedValuesAndHeader(SyntheticFileFormat format, string name)
    {
        var spec = DemoSpec(ifs: 2);
        using var folder = new TempDirectory();
        var result = SyntheticFileWriter.Write(spec, folder.File(name), format);

        using var generated = new SyntheticObservation(spec);
        using var file = ObservationFile.Open(result.Path);
        Assert.Equal(generated.Shape, file.Shape);
        Assert.Equal(new FileInfo(result.Path).Length, result.Bytes);
        Assert.Equal(generated.Shape.Values, result.Values);
        for (var ifIndex = 0; ifIndex < 2; ifIndex++)
            Assert.Equal(SmallSpecs.ReadAll(generated, ifIndex), SmallSpecs.ReadAll(file, ifIndex));
        foreach (var key in new[] { "telescope_id", "source_name", "tstart", "tsamp", "fch1", "foff", "nchans", "nifs", "nbits" })
            Assert.Equal(generated.Header[key], file.Header[key]);
        Assert.False(File.Exists(result.Path + ".partial"));
    }

    [Theory]
    [InlineData(8, 40.0)]
    [InlineData(16, 4000.0)]
    public void Write_IntegerFilterbank_ReadsBackRoundedValues(int nbits, double level)
    {
        var spec = DemoSpec() with { BandpassLevel = level };
        using var folder = new TempDirectory();
        var result = SyntheticFileWriter.Write(spec, folder.File("demo.fil"), SyntheticFileFormat.Filterbank, nbits);

        using var generated = new SyntheticObservation(spec);
        using var file = ObservationFile.Open(result.Path);
        var expected = SmallSpecs.ReadAll(generated).Select(v => MathF.Round(v)).ToArray();
        Assert.Equal((long)nbits, file.Header.GetLong("nbits"));
        Assert.Equal(expected, SmallSpecs.ReadAll(file));
        Assert.True(expected.Max() < (1 << nbits) - 1, $"largest value {expected.Max()} clipped at nbits {nbits}");
    }

    [Fact]
    public void Write_Hdf5_H5pyWithBitshuffleReadsIdenticalDataAndAttributes()
    {
        Python.RequireModules("numpy", "h5py", "bitshuffle.h5");
        var spec = DemoSpec();
        using var folder = new TempDirectory();
        var result = SyntheticFileWriter.Write(spec, folder.File("demo.h5"), SyntheticFileFormat.BlHdf5);
        using var generated = new SyntheticObservation(spec);
        SmallSpecs.WriteRaw(folder.File("expected.f32"), SmallSpecs.ReadAll(generated));

        var output = Python.RunScript("""
            import sys, numpy as np, h5py, bitshuffle.h5
            with h5py.File(sys.argv[1], 'r') as f:
                d = f['data']
                data = d[...]
                expected = np.fromfile(sys.argv[2], dtype='<f4').reshape(data.shape)
                print(data.shape, data.dtype, np.array_equal(data, expected), d.attrs['nfpc'], d.attrs['source_name'], list(d._filters.keys()))
            """, result.Path, folder.File("expected.f32"));

        Assert.Contains("(16, 1, 12288) float32 True 4096 SYNTHETIC_DEMO", output);
        Assert.Contains("32008", output);
    }

    [Fact]
    public void Write_Filterbank_ScipyFreeHeaderCheckWithNumpyMatchesGenerator()
    {
        Python.RequireModules("numpy");
        var spec = DemoSpec();
        using var folder = new TempDirectory();
        var result = SyntheticFileWriter.Write(spec, folder.File("demo.fil"), SyntheticFileFormat.Filterbank);
        using var generated = new SyntheticObservation(spec);
        SmallSpecs.WriteRaw(folder.File("expected.f32"), SmallSpecs.ReadAll(generated));

        // The data is the file's last nints × nchans float32 values, whatever the header's length.
        var output = Python.RunScript("""
            import sys, numpy as np
            expected = np.fromfile(sys.argv[2], dtype='<f4')
            raw = np.fromfile(sys.argv[1], dtype='<u1')
            data = raw[len(raw) - expected.size * 4:].view('<f4')
            print(np.array_equal(data, expected), bytes(raw[:64]).find(b'HEADER_START'))
            """, result.Path, folder.File("expected.f32"));

        Assert.Equal("True 4", output.Trim());
    }

    [Fact]
    public void Write_ReportsProgressUpToOne()
    {
        var reports = new List<double>();
        using var folder = new TempDirectory();

        SyntheticFileWriter.Write(DemoSpec(), folder.File("demo.fil"), SyntheticFileFormat.Filterbank, progress: new SynchronousProgress(reports.Add));

        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First < p.Second), "progress went backwards");
    }

    [Fact]
    public void Write_FailingMidway_LeavesNoFileBehind()
    {
        using var folder = new TempDirectory();
        var target = folder.File("demo.fil");

        Assert.Throws<InvalidOperationException>(() => SyntheticFileWriter.Write(DemoSpec(), target, SyntheticFileFormat.Filterbank,
            progress: new SynchronousProgress(p => { if (p > 0.3) throw new InvalidOperationException("stop"); })));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Write_Hdf5WithIntegerNbits_ThrowsBadParameter()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<BadParameterException>(() => SyntheticFileWriter.Write(DemoSpec(), folder.File("x.h5"), SyntheticFileFormat.BlHdf5, nbits: 8));
        Assert.Equal("nbits", error.Parameter);
    }

    [Theory]
    [InlineData("a/b/obs.h5", null, SyntheticFileFormat.BlHdf5)]
    [InlineData("obs.HDF5", null, SyntheticFileFormat.BlHdf5)]
    [InlineData("obs.fil", null, SyntheticFileFormat.Filterbank)]
    [InlineData("obs.dat", "fil", SyntheticFileFormat.Filterbank)]
    [InlineData("obs.fil", "h5", SyntheticFileFormat.BlHdf5)]
    public void Resolve_ExtensionOrName_PicksFormat(string path, string? name, SyntheticFileFormat expected) =>
        Assert.Equal(expected, SyntheticFileFormats.Resolve(path, name));

    [Theory]
    [InlineData("obs.dat", null)]
    [InlineData("obs.h5", "fits")]
    public void Resolve_Unknown_ThrowsBadParameterNamingFormat(string path, string? name) =>
        Assert.Equal("format", Assert.Throws<BadParameterException>(() => SyntheticFileFormats.Resolve(path, name)).Parameter);

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
