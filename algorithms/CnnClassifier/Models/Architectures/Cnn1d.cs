using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Reservoir.Algorithms.CnnClassifier.Models.Architectures;

/// <summary>
/// The built-in small 1-D CNN for traces and light curves, input (batch, channels, length), any length ≥ 8:
/// <code>
/// features.0 Conv1d(in, 16, 7, padding 3)  features.1 ReLU  features.2 MaxPool1d(2)
/// features.3 Conv1d(16, 32, 5, padding 2)  features.4 ReLU  features.5 MaxPool1d(2)
/// features.6 Conv1d(32, 64, 3, padding 1)  features.7 ReLU  features.8 AdaptiveAvgPool1d(1)
/// classifier.0 Flatten                     classifier.1 Linear(64, classes)
/// </code>
/// A PyTorch model with the same module names loads its state_dict (see the cross-check tests).
/// </summary>
public sealed class Cnn1d : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    public Cnn1d(int inChannels, int classes) : base("Cnn1d")
    {
        features = Sequential(
            ("0", Conv1d(inChannels, 16, 7, padding: 3)), ("1", ReLU()), ("2", MaxPool1d(2)),
            ("3", Conv1d(16, 32, 5, padding: 2)), ("4", ReLU()), ("5", MaxPool1d(2)),
            ("6", Conv1d(32, 64, 3, padding: 1)), ("7", ReLU()), ("8", AdaptiveAvgPool1d(1)));
        classifier = Sequential(("0", Flatten()), ("1", Linear(64, classes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return classifier.call(features.call(input)).MoveToOuterDisposeScope();
    }
}
