using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Algorithms.CnnClassifier.Tests.Models;
using Reservoir.Sdk.Artifacts;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Items;

/// <summary>
/// PNG, PGM, gzipped PGM and FITS light-curve items through the plugin: the model input (filtered.npy) equals the
/// preprocessing numpy/torch computes, and the probabilities match PyTorch's on that input.
/// </summary>
public sealed class FileItemsTests(FileItemsTests.References references) : IClassFixture<FileItemsTests.References>
{
    private const double InputTolerance = 1e-6;
    private const double ProbabilityTolerance = 1e-5;

    [Fact]
    public async Task RunAsync_PngAndPgmImages_InputsMatchNumpyAndProbabilitiesMatchPyTorch()
    {
        var (models, items) = references.Folders();
        var sidecar = CnnClassifierAlgorithmTests.Save(models, "vgg", ModelArchitecture.TorchScript, "vgg.ts", ItemKind.Image);

        var artifacts = await CnnClassifierAlgorithmTests.Run(sidecar, Path.Combine(items, "images"), batchSize: 3);

        AssertMatches(artifacts, items, "images", ["a-gray8.png", "b-rgb.png", "c-gray16.pgm", "d-gray.pgm.gz"]);
    }

    [Fact]
    public async Task RunAsync_AstropyLightCurves_InputsMatchNumpyAndProbabilitiesMatchPyTorch()
    {
        var (models, items) = references.Folders();
        var sidecar = CnnClassifierAlgorithmTests.Save(models, "cnn1d", ModelArchitecture.TorchScript, "cnn1d.ts", ItemKind.LightCurve);

        var artifacts = await CnnClassifierAlgorithmTests.Run(sidecar, Path.Combine(items, "curves"), batchSize: 2);

        AssertMatches(artifacts, items, "curves", ["tic-0.fits", "tic-1.fits"]);
    }

    [Fact]
    public async Task RunAsync_OneImageFile_ClassifiesThatFileOnly()
    {
        var (models, items) = references.Folders();
        var sidecar = CnnClassifierAlgorithmTests.Save(models, "vgg", ModelArchitecture.TorchScript, "vgg.ts", ItemKind.Image);

        var artifacts = await CnnClassifierAlgorithmTests.Run(sidecar, Path.Combine(items, "images", "d-gray.pgm.gz"), batchSize: 3);

        Assert.Equal("d-gray.pgm.gz", Assert.Single(artifacts.Rows)[0]);
        var expected = CnnClassifierAlgorithmTests.ReadNpy(items, "images_x.npy")[(3 * 1024)..];
        // samples / maxval, no resize: equal up to rounding (the decoder multiplies by 1/maxval)
        Assert.True(expected.Zip(artifacts.Stamps[0], (e, a) => Math.Abs(e - a)).Max() <= InputTolerance);
    }

    private static void AssertMatches(RecordingArtifactWriter artifacts, string folder, string name, string[] itemNames)
    {
        Assert.Equal(itemNames, artifacts.Rows.Select(r => (string)r[0]).ToArray());
        var inputs = CnnClassifierAlgorithmTests.ReadNpy(folder, $"{name}_x.npy");
        var probabilities = CnnClassifierAlgorithmTests.ReadNpy(folder, $"{name}_p.npy");
        var size = inputs.Length / itemNames.Length;
        for (var i = 0; i < itemNames.Length; i++)
        {
            var expected = inputs.AsSpan(i * size, size).ToArray();
            var inputDiff = expected.Zip(artifacts.Stamps[i], (e, a) => Math.Abs((double)e - a)).Max();
            Assert.True(inputDiff <= InputTolerance, $"{itemNames[i]}: model input differs from numpy's by up to {inputDiff:E2}");
            var p = new[] { "p_a", "p_b", "p_c" }.Select(c => artifacts.Cell<double>(i, c)).ToArray();
            var diff = p.Select((v, k) => Math.Abs(v - probabilities[i * 3 + k])).Max();
            Assert.True(diff <= ProbabilityTolerance, $"{itemNames[i]}: probabilities [{string.Join(", ", p)}] vs PyTorch's, max diff {diff:E2}");
        }
        Assert.Contains(probabilities, v => v is > 0.01f and < 0.99f); // not trivially saturated
    }

    /// <summary>The PyTorch models, then the items and their expected inputs and probabilities, built once per class.</summary>
    public sealed class References : IDisposable
    {
        private readonly PyTorchCrossCheckTests.Models _models = new();
        private readonly TempDirectory _items = new("cnn-items");
        private readonly Lazy<(string, string)> _built;

        public References() => _built = new(() =>
        {
            var models = _models.Folder();
            ItemReference.Build(models, _items.Path);
            return (models, _items.Path);
        });

        public (string Models, string Items) Folders() => _built.Value;

        public void Dispose()
        {
            _items.Dispose();
            _models.Dispose();
        }
    }
}
