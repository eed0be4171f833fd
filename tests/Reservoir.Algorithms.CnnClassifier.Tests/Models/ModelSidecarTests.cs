using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Algorithms.CnnClassifier.Models.Architectures;
using Reservoir.Algorithms.CnnClassifier.Runtime;
using Reservoir.Sdk;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Models;

public sealed class ModelSidecarTests
{
    [Fact]
    public void Load_ValidJson_ReadsEveryFieldAndResolvesWeightsBesideIt()
    {
        using var dir = new TempDirectory("sidecar");
        File.WriteAllText(dir.File("w.pt"), "x");
        File.WriteAllText(dir.File("m.json"), """
{ "architecture": "vgg16", "weights": "w.pt", "input_shape": [1, 224, 224], "class_names": ["good", "shutter", "wobble"],
  "normalization": "z-score", "item_kind": "fits-image", "binning": 9 }
""");
        var sidecar = ModelSidecar.Load(dir.File("m.json"));
        Assert.Equal(ModelArchitecture.Vgg16, sidecar.Architecture);
        Assert.Equal(ItemKind.FitsImage, sidecar.ItemKind);
        Assert.Equal(InputNormalization.ZScore, sidecar.Normalization);
        Assert.Equal(9, sidecar.Binning);
        Assert.Equal(dir.File("w.pt"), sidecar.WeightsPath);
    }

    [Theory]
    [InlineData("\"architecture\": \"cnn1d\", \"input_shape\": [1, 32, 32], \"item_kind\": \"image\"", "architecture")]
    [InlineData("\"architecture\": \"vgg16\", \"input_shape\": [1, 64], \"item_kind\": \"image\"", "input_shape")]
    [InlineData("\"architecture\": \"vgg16\", \"input_shape\": [1, 32, 32], \"item_kind\": \"photo\"", "item_kind")]
    [InlineData("\"architecture\": \"vgg16\", \"input_shape\": [1, 32, 32], \"item_kind\": \"image\", \"colour\": 1", "colour")]
    public void Load_InconsistentOrUnknownField_BadInputNamingIt(string fields, string named)
    {
        using var dir = new TempDirectory("sidecar-bad");
        File.WriteAllText(dir.File("w.pt"), "x");
        File.WriteAllText(dir.File("m.json"), $$"""{ "weights": "w.pt", "class_names": ["a", "b"], {{fields}} }""");
        var error = Assert.Throws<BadInputException>(() => ModelSidecar.Load(dir.File("m.json")));
        Assert.Contains(dir.File("m.json"), error.Message);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Vgg16_TorchvisionLayout_ParameterNamesAndCount()
    {
        TorchRuntime.EnsureInitialized();
        using var vgg = new Vgg(VggLayout.Vgg16(inChannels: 3, classes: 1000));
        var parameters = vgg.named_parameters().ToList();
        // torchvision.models.vgg16(): 138,357,544 parameters; conv layers at features.0,2,5,7,10,12,14,17,19,21,24,26,28.
        Assert.Equal(138_357_544L, parameters.Sum(p => p.parameter.numel()));
        var convs = parameters.Select(p => p.name).Where(n => n.StartsWith("features.") && n.EndsWith(".weight")).Select(n => int.Parse(n.Split('.')[1]));
        Assert.Equal([0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28], convs);
        Assert.Equal(["classifier.0.weight", "classifier.0.bias", "classifier.3.weight", "classifier.3.bias", "classifier.6.weight", "classifier.6.bias"],
            parameters.Select(p => p.name).Where(n => n.StartsWith("classifier.")));
    }
}
