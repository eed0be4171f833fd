using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Formats.Npy;
using Reservoir.TestSupport;
using TorchSharp;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Models;

/// <summary>Our probabilities against PyTorch's on the same inputs, for every way a PyTorch model can reach us.</summary>
public sealed class PyTorchCrossCheckTests : IClassFixture<PyTorchCrossCheckTests.Models>
{
    private const double Tolerance = 1e-5;
    private readonly Models _models;

    public PyTorchCrossCheckTests(Models models) => _models = models;

    [Theory]
    [InlineData("vgg", ModelArchitecture.Vgg, "vgg.pt")]
    [InlineData("vgg", ModelArchitecture.TorchScript, "vgg.ts")]
    [InlineData("vgg", ModelArchitecture.Vgg, "vgg64.pt")]
    [InlineData("cnn1d", ModelArchitecture.Cnn1d, "cnn1d.pt")]
    [InlineData("cnn1d", ModelArchitecture.TorchScript, "cnn1d.ts")]
    [InlineData("cnn1d", ModelArchitecture.Cnn1d, "cnn1d64.pt")]
    public void Probabilities_SameInputsAsPyTorch_MatchWithin1e5(string name, ModelArchitecture architecture, string weights)
    {
        var folder = _models.Folder();
        var sidecar = Sidecar(folder, name, architecture, weights);
        using var model = ClassifierModel.Load(sidecar, allowCuda: false);
        using var inputs = Load(folder, $"{name}_x.npy");
        using var probabilities = model.Probabilities(inputs);
        var expected = ReadAll(folder, $"{name}_p.npy");
        var actual = probabilities.data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.True(maxDiff <= Tolerance, $"{weights}: max |ours - PyTorch| = {maxDiff:E2}");
        Assert.Contains(expected, p => p is > 0.01f and < 0.99f); // the check is not trivially saturated
    }

    [Fact]
    public void Load_TorchSharpSavedWeights_SameProbabilitiesAsStateDict()
    {
        var folder = _models.Folder();
        using var fromPyTorch = ClassifierModel.Load(Sidecar(folder, "cnn1d", ModelArchitecture.Cnn1d, "cnn1d.pt"), allowCuda: false);
        var builtIn = ClassifierModel.CreateBuiltIn(Sidecar(folder, "cnn1d", ModelArchitecture.Cnn1d, "cnn1d.pt"));
        Reservoir.Algorithms.CnnClassifier.Models.StateDict.StateDictLoader.Apply(builtIn,
            Reservoir.Algorithms.CnnClassifier.Models.StateDict.PyTorchStateDictFile.Read(Path.Combine(folder, "cnn1d.pt")), "cnn1d.pt");
        var saved = Path.Combine(folder, $"cnn1d-{Guid.NewGuid():N}.dat");
        builtIn.save(saved);
        builtIn.Dispose();
        using var fromTorchSharp = ClassifierModel.Load(Sidecar(folder, "cnn1d", ModelArchitecture.Cnn1d, Path.GetFileName(saved)), allowCuda: false);
        using var inputs = Load(folder, "cnn1d_x.npy");
        using var a = fromPyTorch.Probabilities(inputs);
        using var b = fromTorchSharp.Probabilities(inputs);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
    }

    internal static ModelSidecar Sidecar(string folder, string name, ModelArchitecture architecture, string weights)
    {
        var sidecar = new ModelSidecar
        {
            Architecture = architecture,
            Weights = weights,
            InputShape = name == "vgg" ? [1, 32, 32] : [1, 64],
            ClassNames = ["a", "b", "c"],
            ItemKind = name == "vgg" ? ItemKind.FitsImage : ItemKind.Trace,
            VggFeatures = name == "vgg" ? [8, -1, 16, -1] : null,
            VggHidden = 32,
            VggPoolSize = 2,
            Path = Path.Combine(folder, name + ".json"),
        };
        sidecar.Validate();
        return sidecar;
    }

    private static float[] ReadAll(string folder, string file)
    {
        using var reader = NpyReader.Open(Path.Combine(folder, file));
        return reader.ReadAll();
    }

    private static torch.Tensor Load(string folder, string file)
    {
        using var reader = NpyReader.Open(Path.Combine(folder, file));
        return torch.tensor(reader.ReadAll(), [.. reader.Shape]);
    }

    /// <summary>The PyTorch models, built once per test class.</summary>
    public sealed class Models : IDisposable
    {
        private readonly TempDirectory _directory = new("cnn-xcheck");
        private readonly Lazy<string> _built;

        public Models() => _built = new(() => { PyTorchReference.Build(_directory.Path); return _directory.Path; });

        public string Folder() => _built.Value;

        public void Dispose() => _directory.Dispose();
    }
}
