using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Algorithms.CnnClassifier.Training;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Training;

public sealed class StampTrainerTests
{
    [Fact]
    public void Train_TinyModelBriefly_AccuracyWellAboveChanceAndLoadableModel()
    {
        using var folder = new TempDirectory("train");
        var result = StampTrainer.Train(new StampTrainingOptions { Output = folder.Path, Samples = 600, Epochs = 2, Seed = 4 });

        Assert.True(result.HeldOutAccuracy >= 0.6, $"held-out accuracy {result.HeldOutAccuracy:P1} is not well above chance (33 %)");
        Assert.Equal(120, result.HeldOutCount);
        Assert.Equal(120, result.Confusion.Cast<int>().Sum());
        using var model = ClassifierModel.Load(result.SidecarPath, allowCuda: false);
        Assert.Equal(StampTrainer.ClassNames, model.Sidecar.ClassNames);
        Assert.Equal([1, 16, 256], model.Sidecar.InputShape);
        Assert.Equal(ItemKind.Stamps, model.Sidecar.ItemKind);
        Assert.DoesNotContain("weights_path", File.ReadAllText(result.SidecarPath)); // no machine-specific paths in a shipped sidecar
    }

    [Theory]
    [InlineData(10, 1, "samples")]
    [InlineData(100, 0, "epochs")]
    public void Train_BadOptions_ErrorNamesTheOption(int samples, int epochs, string option)
    {
        var error = Assert.Throws<ArgumentException>(() => StampTrainer.Train(new StampTrainingOptions { Output = Path.GetTempPath(), Samples = samples, Epochs = epochs }));
        Assert.StartsWith(option + ":", error.Message);
    }
}
