using Reservoir.TestSupport;

namespace Reservoir.Formats.Tests.Hdf5;

/// <summary>
/// BL-layout HDF5 files written by h5py (+ the bitshuffle plugin) once per test class, each beside a raw
/// little-endian float32 copy of the same array (<c>NAME.f32</c>) and its chunk byte offsets
/// (<c>NAME.chunks</c>: offset and size per line), so our reader can be checked value for value.
/// </summary>
public sealed class H5pyFiles : IDisposable
{
    /// <summary>Name, shape, chunk shape (null = contiguous), compression, numpy dtype, bitshuffle block size.</summary>
    public static readonly (string Name, int[] Shape, int[]? Chunks, string? Compression, string Dtype, int Block)[] Cases =
    [
        ("bslz4_1x1x1024", [8, 1, 1024], [1, 1, 1024], "bslz4", "f4", 0),
        ("bslz4_2x1x512", [6, 2, 1024], [2, 1, 512], "bslz4", "f4", 0),
        ("bslz4_16x1x64", [20, 1, 256], [16, 1, 64], "bslz4", "f4", 0),
        ("bslz4_odd_3x1x100", [7, 1, 1000], [3, 1, 100], "bslz4", "f4", 0),
        ("bslz4_tail_2x2x1003", [5, 2, 1003], [2, 2, 1003], "bslz4", "f4", 0),
        ("bslz4_block256_1x1x1000", [3, 1, 1000], [1, 1, 1000], "bslz4", "f4", 256),
        ("bslz4_wide_1x1x65536", [2, 1, 65536], [1, 1, 65536], "bslz4", "f4", 0),
        ("deflate_3x1x100", [7, 1, 1000], [3, 1, 100], "gzip", "f4", 0),
        ("none_chunked_1x1x128", [4, 1, 512], [1, 1, 128], null, "f4", 0),
        ("contiguous", [4, 1, 512], null, null, "f4", 0),
        ("int16_bslz4", [4, 1, 300], [1, 1, 300], "bslz4", "i2", 0),
        ("uint8_none", [3, 1, 100], [1, 1, 100], null, "u1", 0),
        ("float64_deflate", [3, 1, 200], [1, 1, 200], "gzip", "f8", 0),
    ];

    private const string Script = """
        import sys, json, numpy as np, h5py, bitshuffle.h5
        out = sys.argv[1]
        cases = json.loads(sys.argv[2])
        rng = np.random.default_rng(7)
        for name, shape, chunks, comp, dt, block in cases:
            bandpass = 1 + 0.5 * np.sin(np.linspace(0, 3, shape[2]))
            if dt == "i2": a = rng.integers(-30000, 30000, size=shape).astype(dt)
            elif dt == "u1": a = rng.integers(0, 256, size=shape).astype(dt)
            else: a = (rng.chisquare(2, size=shape) * 1e9 * bandpass).astype(dt)
            kw = {}
            if comp == "bslz4": kw = dict(compression=bitshuffle.h5.H5FILTER, compression_opts=(block, bitshuffle.h5.H5_COMPRESS_LZ4))
            elif comp == "gzip": kw = dict(compression="gzip", compression_opts=4)
            with h5py.File(f"{out}/{name}.h5", "w") as f:
                f.attrs["CLASS"] = "FILTERBANK"
                f.attrs["VERSION"] = "1.0"
                d = f.create_dataset("data", data=a, chunks=tuple(chunks) if chunks else None, **kw)
                d.attrs["source_name"] = "SYNTH"
                d.attrs["fch1"] = 1500.0
                d.attrs["foff"] = -2.7939677238464355e-06
                d.attrs["nchans"] = np.int64(shape[2])
                d.attrs["nifs"] = np.int32(shape[1])
                d.attrs["tsamp"] = np.float32(18.25)
                d.attrs["DIMENSION_LABELS"] = np.array(["time", "feed_id", "frequency"], dtype=h5py.string_dtype())
                lines = []
                if chunks:
                    for i in range(d.id.get_num_chunks()):
                        info = d.id.get_chunk_info(i)
                        lines.append(f"{info.byte_offset} {info.size}")
                open(f"{out}/{name}.chunks", "w").write("\n".join(lines))
            a.astype("<f4").tofile(f"{out}/{name}.f32")
        """;

    private readonly TempDirectory _directory = new("reservoir-h5py");

    private readonly Lazy<bool> _written;

    public H5pyFiles() => _written = new Lazy<bool>(Generate);

    /// <summary>Runs the generator on first use (inside a test, so a missing python skips or fails that test).</summary>
    private bool Generate()
    {
        Python.RequireModules("numpy", "h5py", "bitshuffle.h5");
        var json = System.Text.Json.JsonSerializer.Serialize(Cases.Select(c => new object?[] { c.Name, c.Shape, c.Chunks, c.Compression, c.Dtype, c.Block }));
        Python.RunScript(Script, _directory.Path, json);
        return true;
    }

    /// <summary>A generated file's path; every accessor generates first, whichever a test calls first.</summary>
    private string File(string name) => _written.Value ? _directory.File(name) : "";

    public string H5(string name) => File(name + ".h5");

    public float[] Expected(string name)
    {
        var bytes = System.IO.File.ReadAllBytes(File(name + ".f32"));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>Byte offset and stored size of each chunk, in h5py's chunk order.</summary>
    public (long Offset, int Size)[] Chunks(string name) =>
        System.IO.File.ReadAllLines(File(name + ".chunks")).Where(l => l.Length > 0)
            .Select(l => l.Split(' ')).Select(p => (long.Parse(p[0]), int.Parse(p[1]))).ToArray();

    public void Dispose() => _directory.Dispose();
}
