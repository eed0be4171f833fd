using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Algorithms.CnnClassifier.Training;
using TorchSharp;
using Xunit;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Training;

/// <summary>The model under models/stamp-classifier, as the plugin loads it by default.</summary>
public sealed class ShippedStampModelTests
{
    [Fact]
    public void ShippedModel_FreshSyntheticStamps_AtLeast95PercentPerClass()
    {
        var sidecarPath = new CnnClassifierParameters().ModelPath;
        Assert.True(File.Exists(sidecarPath), $"the shipped model is not beside the plugin: {sidecarPath}");
        using var model = ClassifierModel.Load(sidecarPath, allowCuda: false);
        // A seed the training never used (training used 1 and its held-out seed 7936).
        var (inputs, labels) = StampTrainer.Prepare(model.Sidecar, new SyntheticStamps(), 600, 20240601);

        var confusion = new int[3, 3];
        for (var start = 0; start < labels.Length; start += 200)
        {
            using var batch = torch.tensor(inputs.AsSpan(start * 4096, 200 * 4096).ToArray(), [200, 1, 16, 256]);
            using var probabilities = model.Probabilities(batch);
            var predicted = probabilities.argmax(1).data<long>().ToArray();
            for (var i = 0; i < 200; i++) confusion[(int)labels[start + i], predicted[i]]++;
        }

        var accuracy = (double)(confusion[0, 0] + confusion[1, 1] + confusion[2, 2]) / labels.Length;
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy:P2}");
        for (var c = 0; c < 3; c++)
        {
            var total = confusion[c, 0] + confusion[c, 1] + confusion[c, 2];
            Assert.True(confusion[c, c] >= 0.9 * total, $"{StampTrainer.ClassNames[c]}: {confusion[c, c]} of {total} right");
        }
    }
}
