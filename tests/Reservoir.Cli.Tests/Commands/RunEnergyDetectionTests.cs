using Reservoir.Synthetic;
using Reservoir.Synthetic.Files;
using Reservoir.TestSupport;
using Reservoir.TestSupport.Processes;
using Xunit;

namespace Reservoir.Cli.Tests.Commands;

/// <summary>
/// <c>reservoir run --algorithm energy-detection</c> through the built program and the bundled plugin, with
/// the artifacts read back by numpy, pandas and h5py: the contract the web front-end and notebooks rely on.
/// </summary>
public sealed class RunEnergyDetectionTests : IDisposable
{
    private const int Width = 16384;
    private readonly TempDirectory _dir = new("run-ed-test");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_SyntheticH5_ArtifactsReadByNumpyPandasMatchInputAndTruth()
    {
        Python.RequireModules("numpy", "pandas", "h5py", "bitshuffle.h5");
        var spec = SyntheticObservationSpec.Demo(7, new DemoOptions { CoarseChannels = 3, FineChannelsPerCoarse = Width, Integrations = 16, Tones = 3 });
        var input = _dir.File("tones.h5");
        SyntheticFileWriter.Write(spec, input, SyntheticFileFormat.BlHdf5);
        TruthFile.Write(_dir.File("truth.json"), spec);

        var (exit, output) = await ReservoirProgram.RunAsync(_dir.Path, TimeSpan.FromMinutes(3),
            "run", "--algorithm", "energy-detection", "--input", input, "--output", _dir.File("results"));
        Assert.True(exit == 0, output);

        var report = Python.RunScript(CheckScript, input, Path.Combine(_dir.File("results"), "tones", "energy-detection"), _dir.File("truth.json"), Width.ToString());
        Assert.Contains("checked", report);
    }

    // Every assertion is in the script so numpy/pandas/h5py see exactly what a notebook would.
    private const string CheckScript = """
import json, sys, hashlib, os
import numpy as np, pandas as pd, h5py, bitshuffle.h5
h5_path, result, truth_path, W = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
stamps = np.load(os.path.join(result, "filtered.npy"))
info = pd.read_csv(os.path.join(result, "info_df.csv"))
header = json.load(open(os.path.join(result, "header.json")))
manifest = json.load(open(os.path.join(result, "manifest.json")))
truth = json.load(open(truth_path))
with h5py.File(h5_path, "r") as f:
    data = f["data"][:, 0, :].astype(np.float64)
    attrs = {k: f["data"].attrs[k] for k in f["data"].attrs}

assert list(info.columns) == ["index", "statistic", "pvalue", "freqs", "coarse_channel"], list(info.columns)
assert str(info["index"].dtype) == "int64" and str(info["coarse_channel"].dtype) == "int64", info.dtypes
for column in ["statistic", "pvalue", "freqs"]:
    assert str(info[column].dtype) == "float64", (column, info[column].dtype)
assert stamps.dtype == np.float32 and stamps.shape == (len(info), 16, 256), (stamps.dtype, stamps.shape)
assert manifest["hits"] == len(info) > 0
assert list(info["index"]) == sorted(info["index"]), "rows are in channel order"
assert (info["statistic"] > 2048).all()
assert np.allclose(info["pvalue"], np.exp(-info["statistic"] / 2), rtol=0, atol=1e-300)
assert (info["coarse_channel"] == info["index"] // W).all()
assert np.allclose(info["freqs"], header["fch1"] + info["index"] * header["foff"], rtol=1e-15)

# A stamp is the window's data minus a per-channel fit: data - stamp is the same in every integration.
for row, stamp in zip(info.itertuples(), stamps):
    window = data[:, row.index:row.index + 256]
    offset = window - stamp.astype(np.float64)
    spread = np.ptp(offset, axis=0).max()
    assert spread <= 1e-6 * np.abs(window).max(), (row.index, spread)

# Every window that holds a whole planted tone is a hit.
found = set(info["index"])
for tone in truth["tones"]:
    for start in tone["window_starts"]:
        assert start in found, (tone, sorted(found))

for key, value in attrs.items():
    if isinstance(value, bytes): value = value.decode()
    if np.ndim(value) == 0:
        assert header[key] == (value.item() if hasattr(value, "item") else value), key
for name, entry in manifest["files"].items():
    blob = open(os.path.join(result, name), "rb").read()
    assert len(blob) == entry["bytes"] and hashlib.sha256(blob).hexdigest() == entry["sha256"], name
print("checked", len(info), "hits")
""";
}
