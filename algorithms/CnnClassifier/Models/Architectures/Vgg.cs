using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Reservoir.Algorithms.CnnClassifier.Models.Architectures;

/// <summary>
/// VGG as torchvision builds it, with torchvision's parameter names so its state_dicts load unchanged:
/// <c>features.N</c> (3×3 convolutions with padding 1, each followed by ReLU; <c>M</c> = 2×2 max pool),
/// <c>avgpool</c> (adaptive average pool to <see cref="VggLayout.PoolSize"/>²), <c>classifier.0/3/6</c>
/// (Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear). Dropout is inactive in eval mode.
/// </summary>
public sealed class Vgg : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    public Vgg(VggLayout layout) : base("VGG")
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var channels = layout.InChannels;
        foreach (var item in layout.Features)
        {
            if (item == VggLayout.MaxPool)
            {
                layers.Add((layers.Count.ToString(), MaxPool2d(2, 2)));
                continue;
            }
            layers.Add((layers.Count.ToString(), Conv2d(channels, item, 3, padding: 1)));
            layers.Add((layers.Count.ToString(), ReLU(inplace: true)));
            channels = item;
        }
        features = Sequential(layers);
        avgpool = AdaptiveAvgPool2d(layout.PoolSize);
        var flat = channels * layout.PoolSize * layout.PoolSize;
        classifier = Sequential(
            ("0", Linear(flat, layout.Hidden)), ("1", ReLU(inplace: true)), ("2", Dropout(0.5)),
            ("3", Linear(layout.Hidden, layout.Hidden)), ("4", ReLU(inplace: true)), ("5", Dropout(0.5)),
            ("6", Linear(layout.Hidden, layout.Classes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = avgpool.call(features.call(input));
        return classifier.call(x.flatten(1)).MoveToOuterDisposeScope();
    }
}

/// <summary>The shape of a <see cref="Vgg"/>: feature plan (channel counts and <see cref="MaxPool"/>), pool size, widths.</summary>
public sealed record VggLayout(IReadOnlyList<int> Features, int InChannels, int Classes, int Hidden = 4096, int PoolSize = 7)
{
    /// <summary>Marks a 2×2 max pool in <see cref="Features"/>.</summary>
    public const int MaxPool = -1;

    /// <summary>torchvision's configuration "D" (VGG16 without batch norm).</summary>
    public static readonly IReadOnlyList<int> Vgg16Features =
        [64, 64, MaxPool, 128, 128, MaxPool, 256, 256, 256, MaxPool, 512, 512, 512, MaxPool, 512, 512, 512, MaxPool];

    public static VggLayout Vgg16(int inChannels, int classes) => new(Vgg16Features, inChannels, classes);
}
