using Reservoir.Formats.Hdf5;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Hdf5;

/// <summary>Files our writer produces read back in h5py (with the bitshuffle plugin) exactly equal to the source.</summary>
public sealed class BlHdf5WriterTests
{
    private const string ReadBack = """
        import sys, json, numpy as np, h5py, bitshuffle.h5
        with h5py.File(sys.argv[1], "r") as f:
            d = f["data"]
            d[...].astype("<f4").tofile(sys.argv[2])
            attrs = {k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in d.attrs.items()}
            print(json.dumps({"shape": d.shape, "dtype": str(d.dtype), "chunks": d.chunks,
                              "filters": {k: list(v) if isinstance(v, tuple) else v for k, v in d._filters.items()},
                              "attrs": attrs, "file": {k: str(v) for k, v in f.attrs.items()}}))
        """;

    public static TheoryData<Hdf5Compression, int, int, int> Layouts => new()
    {
        { Hdf5Compression.BitshuffleLz4, 0, 0, 0 },
        { Hdf5Compression.BitshuffleLz4, 3, 2, 100 },
        { Hdf5Compression.Deflate, 2, 1, 333 },
        { Hdf5Compression.None, 1, 1, 1000 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Write_NoiseObservation_H5pyReadsSameValuesAndHeader(Hdf5Compression compression, int chunkT, int chunkI, int chunkC)
    {
        Python.RequireModules("numpy", "h5py", "bitshuffle.h5");
        using var directory = new TempDirectory();
        var source = ArrayObservation.Noise(7, 2, 1000, seed: chunkC);
        var options = new BlHdf5WriterOptions
        {
            Compression = compression,
            ChunkShape = chunkT == 0 ? null : (chunkT, chunkI, chunkC),
        };
        var path = directory.File("out.h5");
        BlHdf5Writer.Write(source, path, options);

        var json = Python.RunScript(ReadBack, path, directory.File("out.f32"));
        using var report = System.Text.Json.JsonDocument.Parse(json);
        var root = report.RootElement;
        Assert.Equal("[7,2,1000]", root.GetProperty("shape").GetRawText().Replace(" ", ""));
        Assert.Equal("float32", root.GetProperty("dtype").GetString());
        var expectedChunks = chunkT == 0 ? "[1,1,1000]" : $"[{chunkT},{chunkI},{chunkC}]";
        Assert.Equal(expectedChunks, root.GetProperty("chunks").GetRawText().Replace(" ", ""));
        var filters = root.GetProperty("filters");
        if (compression == Hdf5Compression.BitshuffleLz4) Assert.Equal("[0,3,4,0,2]", filters.GetProperty("32008").GetRawText().Replace(" ", ""));
        if (compression == Hdf5Compression.Deflate) Assert.True(filters.TryGetProperty("gzip", out _), filters.GetRawText());
        var attrs = root.GetProperty("attrs");
        Assert.Equal("SYNTH", attrs.GetProperty("source_name").GetString());
        Assert.Equal(1500.0, attrs.GetProperty("fch1").GetDouble());
        Assert.Equal(1000, attrs.GetProperty("nchans").GetInt64());
        Assert.Equal(-1, attrs.GetProperty("ibeam").GetInt64());
        Assert.Equal("FILTERBANK", root.GetProperty("file").GetProperty("CLASS").GetString());

        var bytes = File.ReadAllBytes(directory.File("out.f32"));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        Assert.Equal(source.Data, values);

        // And our own reader agrees, header order included.
        using var reread = ObservationFile.Open(path);
        Assert.Equal(source.Shape, reread.Shape);
        var all = new float[source.Data.Length / 2];
        reread.Read(Reservoir.Sdk.Observations.DataBlock.AllTimes(reread.Shape, 1, 0, 1000), all);
        for (var t = 0; t < 7; t++)
            Assert.Equal(source.Data.AsSpan((t * 2 + 1) * 1000, 1000).ToArray(), all.AsSpan(t * 1000, 1000).ToArray());
        Assert.Equal(source.Header.Entries.Select(e => e.Key).Append("DIMENSION_LABELS"), reread.Header.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Write_ChunkLargerThanLimit_ThrowsBeforeWriting()
    {
        var source = ArrayObservation.Noise(2, 1, 64);
        var options = new BlHdf5WriterOptions { ChunkShape = (1, 1, 0) };
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentOutOfRangeException>(() => BlHdf5Writer.Write(source, stream, options));
        Assert.Equal(0, stream.Length);
    }
}
