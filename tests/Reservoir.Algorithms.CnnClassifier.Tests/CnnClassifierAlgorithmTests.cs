using Microsoft.Extensions.Logging.Abstractions;
using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Algorithms.CnnClassifier.Tests.Models;
using Reservoir.Formats.Npy;
using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;
using Reservoir.Sdk.Observations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests;

/// <summary>The plugin end to end (items → model → rows and stamps), checked against PyTorch's probabilities.</summary>
public sealed class CnnClassifierAlgorithmTests(PyTorchCrossCheckTests.Models models) : IClassFixture<PyTorchCrossCheckTests.Models>
{
    [Fact]
    public async Task RunAsync_EnergyDetectionStamps_RowsKeepIndexAndFreqsAndMatchPyTorch()
    {
        var folder = models.Folder();
        using var results = new TempDirectory("stamps");
        var inputs = ReadNpy(folder, "vgg_x.npy"); // (5, 1, 32, 32): five 32 x 32 stamps
        using (var writer = new NpyWriter(File.Create(results.File("filtered.npy")), [32, 32]))
        {
            for (var i = 0; i < 5; i++) writer.WriteItem(inputs.AsSpan(i * 1024, 1024));
            writer.Finish();
        }
        File.WriteAllLines(results.File("info_df.csv"), ["index,statistic,pvalue,freqs,coarse_channel",
            .. Enumerable.Range(0, 5).Select(i => $"{1000 + 128 * i},{3000.5 + i},0.0,{6000.25 + i},0")]);
        var sidecar = Save(folder, "vgg", ModelArchitecture.Vgg, "vgg.pt", ItemKind.Stamps);

        var artifacts = await Run(sidecar, results.Path, batchSize: 2);

        Assert.Equal(["item", "index", "freqs", "prediction", "prediction_str", "confidence", "p_a", "p_b", "p_c"], artifacts.Schema!.Columns);
        Assert.Equal([1, 32, 32], artifacts.Schema.StampShape); // filtered.npy holds the model inputs
        Assert.Equal(5, artifacts.Rows.Count);
        var expected = ReadNpy(folder, "vgg_p.npy");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i.ToString(), artifacts.Cell<string>(i, "item"));
            Assert.Equal(1000L + 128 * i, artifacts.Cell<long>(i, "index"));
            Assert.Equal(6000.25 + i, artifacts.Cell<double>(i, "freqs"));
            var p = new[] { "p_a", "p_b", "p_c" }.Select(c => artifacts.Cell<double>(i, c)).ToArray();
            for (var k = 0; k < 3; k++) Assert.True(Math.Abs(p[k] - expected[i * 3 + k]) <= 1e-5, $"row {i} class {k}: {p[k]} vs PyTorch {expected[i * 3 + k]}");
            var best = Array.IndexOf(p, p.Max());
            Assert.Equal((long)best, artifacts.Cell<long>(i, "prediction"));
            Assert.Equal(new[] { "a", "b", "c" }[best], artifacts.Cell<string>(i, "prediction_str"));
            Assert.Equal(p.Max(), artifacts.Cell<double>(i, "confidence"));
            Assert.Equal(inputs.AsSpan(i * 1024, 1024).ToArray(), artifacts.Stamps[i]);
        }
    }

    [Fact]
    public async Task RunAsync_MinConfidence_KeepsOnlyConfidentItemsInOrder()
    {
        var folder = models.Folder();
        var sidecar = Save(folder, "cnn1d", ModelArchitecture.Cnn1d, "cnn1d.pt", ItemKind.Trace);
        var all = await Run(sidecar, Path.Combine(folder, "cnn1d_x.npy"), batchSize: 3);
        var confidences = all.Rows.Select((_, i) => all.Cell<double>(i, "confidence")).ToArray();
        var threshold = confidences.Order().ElementAt(2);

        var kept = await Run(sidecar, Path.Combine(folder, "cnn1d_x.npy"), batchSize: 3, minConfidence: threshold);

        var expectedNames = all.Rows.Where((_, i) => confidences[i] >= threshold).Select(r => (string)r[0]).ToArray();
        Assert.Equal(expectedNames, kept.Rows.Select(r => (string)r[0]).ToArray());
        Assert.Equal(3, kept.Rows.Count);
        Assert.Equal(5L, kept.Summary["items_classified"]);
        Assert.Equal("cnn1d_x.npy[0]", all.Cell<string>(0, "item"));
    }

    [Fact]
    public async Task RunAsync_AstropyFitsFrameWithMedianBinning_MatchesPyTorchOnNumpyBinning()
    {
        var folder = models.Folder();
        var sidecar = Save(folder, "vgg", ModelArchitecture.TorchScript, "vgg.ts", ItemKind.FitsImage, binning: 2);

        var artifacts = await Run(sidecar, Path.Combine(folder, "frame.fits"), batchSize: 4);

        var expected = ReadNpy(folder, "frame_p.npy");
        Assert.Single(artifacts.Rows);
        Assert.Equal("frame.fits", artifacts.Cell<string>(0, "item"));
        var actual = new[] { "p_a", "p_b", "p_c" }.Select(c => artifacts.Cell<double>(0, c)).ToArray();
        Assert.True(actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max() <= 1e-5, $"ours [{string.Join(", ", actual)}] vs PyTorch [{string.Join(", ", expected)}]");
    }

    [Fact]
    public async Task RunAsync_StampFolderWithoutResults_IsBadInputNamingTheFolder()
    {
        var folder = models.Folder();
        using var empty = new TempDirectory("no-stamps");
        var sidecar = Save(folder, "vgg", ModelArchitecture.Vgg, "vgg.pt", ItemKind.Stamps);
        var error = await Assert.ThrowsAsync<BadInputException>(() => Run(sidecar, empty.Path, batchSize: 2));
        Assert.Contains(empty.Path, error.Message);
    }

    internal static string Save(string folder, string name, ModelArchitecture architecture, string weights, ItemKind kind, int binning = 1)
    {
        var sidecar = PyTorchCrossCheckTests.Sidecar(folder, name, architecture, weights) with { ItemKind = kind, Binning = binning };
        var path = Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.json");
        sidecar.Save(path);
        return path;
    }

    internal static async Task<RecordingArtifactWriter> Run(string sidecar, string items, int batchSize, double minConfidence = 0)
    {
        var artifacts = new RecordingArtifactWriter();
        using var observation = new InMemoryObservation(new float[1], new ObservationShape(1, 1, 1), new ObservationHeader([]));
        var context = new AlgorithmContext(observation, artifacts, NullLogger.Instance, new Progress<SearchProgress>(), Path.GetTempPath());
        var parameters = ParameterBinder.Bind<CnnClassifierParameters>(("model", sidecar), ("items", items), ("batch_size", batchSize.ToString()),
            ("min_confidence", minConfidence.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), ("cuda", "false"));
        await new CnnClassifierAlgorithm().RunAsync(context, parameters, CancellationToken.None);
        return artifacts;
    }

    internal static float[] ReadNpy(string folder, string file)
    {
        using var reader = NpyReader.Open(Path.Combine(folder, file));
        return reader.ReadAll();
    }
}
