using System.Diagnostics;
using Reservoir.Algorithms.CnnClassifier.Items;
using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Algorithms.CnnClassifier.Runtime;
using Reservoir.Formats.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace Reservoir.Algorithms.CnnClassifier.Training;

/// <summary>
/// Trains the stamp classifier (noise / narrowband / broadband) with TorchSharp on <see cref="SyntheticStamps"/>,
/// checks it on held-out stamps from another seed, and saves TorchSharp weights plus a sidecar that
/// <c>cnn-classifier</c> loads. Training inputs go through the same <c>InputShaper</c> (z-score) as inference,
/// so the two cannot drift apart.
/// </summary>
public static class StampTrainer
{
    public const string SidecarFile = "stamp-classifier.json";
    public const string WeightsFile = "stamp-classifier.bin";
    public static readonly IReadOnlyList<string> ClassNames = ["noise", "narrowband", "broadband"];

    public static StampTrainingResult Train(StampTrainingOptions options, Action<string>? log = null)
    {
        options.Validate();
        log ??= _ => { };
        var clock = Stopwatch.StartNew();
        TorchRuntime.EnsureInitialized(options.Threads);
        Directory.CreateDirectory(options.Output);
        var sidecar = new ModelSidecar
        {
            Architecture = ModelArchitecture.Vgg, Weights = WeightsFile, InputShape = [1, options.Integrations, 256],
            ClassNames = ClassNames, ItemKind = ItemKind.Stamps, Normalization = InputNormalization.ZScore,
            VggFeatures = options.Features, VggHidden = options.Hidden, VggPoolSize = 4,
            Path = Path.Combine(options.Output, SidecarFile),
        };
        var generator = new SyntheticStamps(options.Integrations);
        var (trainX, trainY) = Prepare(sidecar, generator, options.Samples, options.Seed);
        var (testX, testY) = Prepare(sidecar, generator, Math.Max(options.Samples / 5, 30), unchecked(options.Seed * 7919 + 17));

        random.manual_seed(options.Seed);
        using var network = ClassifierModel.CreateBuiltIn(sidecar);
        using var optimizer = optim.Adam(network.parameters(), options.LearningRate);
        var order = new Random(options.Seed);
        var size = sidecar.InputValues;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            network.train();
            var indices = Enumerable.Range(0, trainY.Length).OrderBy(_ => order.Next()).ToArray();
            double lossSum = 0;
            for (var start = 0; start < indices.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = indices.AsSpan(start, Math.Min(options.BatchSize, indices.Length - start)).ToArray();
                var x = new float[batch.Length * size];
                for (var i = 0; i < batch.Length; i++) Array.Copy(trainX, batch[i] * size, x, i * size, size);
                var input = tensor(x, [batch.Length, .. sidecar.InputShape.Select(d => (long)d)]);
                var target = tensor(batch.Select(b => (long)trainY[b]).ToArray());
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(network.call(input), target);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * batch.Length;
            }
            log($"epoch {epoch}/{options.Epochs}: training loss {lossSum / indices.Length:F4}");
        }

        network.eval();
        var confusion = Evaluate(network, sidecar, testX, testY);
        var correct = Enumerable.Range(0, ClassNames.Count).Sum(c => confusion[c, c]);
        network.save(Path.Combine(options.Output, WeightsFile));
        sidecar.Save(sidecar.Path);
        var accuracy = (double)correct / testY.Length;
        log($"held-out accuracy {accuracy:P2} on {testY.Length} stamps; saved {sidecar.Path}");
        return new StampTrainingResult(sidecar.Path, accuracy, testY.Length, confusion, clock.Elapsed);
    }

    /// <summary>Confusion matrix [true, predicted] of <paramref name="network"/> on prepared inputs.</summary>
    internal static int[,] Evaluate(nn.Module<Tensor, Tensor> network, ModelSidecar sidecar, float[] inputs, StampClass[] labels)
    {
        var confusion = new int[ClassNames.Count, ClassNames.Count];
        var size = sidecar.InputValues;
        using var noGrad = no_grad();
        for (var start = 0; start < labels.Length; start += 256)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(256, labels.Length - start);
            var input = tensor(inputs.AsSpan((int)(start * size), (int)(count * size)).ToArray(), [count, .. sidecar.InputShape.Select(d => (long)d)]);
            var predicted = network.call(input).argmax(1).data<long>().ToArray();
            for (var i = 0; i < count; i++) confusion[(int)labels[start + i], predicted[i]]++;
        }
        return confusion;
    }

    /// <summary>Stamps from <paramref name="seed"/>, shaped and normalised as inference shapes them.</summary>
    internal static (float[] Inputs, StampClass[] Labels) Prepare(ModelSidecar sidecar, SyntheticStamps generator, int count, int seed)
    {
        var (values, labels) = generator.Generate(count, seed);
        var shaper = new InputShaper(sidecar);
        var size = generator.Integrations * generator.Channels;
        var inputs = new float[count * sidecar.InputValues];
        for (var i = 0; i < count; i++)
        {
            var plane = new ImagePlane(generator.Channels, generator.Integrations, values.AsSpan(i * size, size).ToArray());
            shaper.Shape([plane], $"synthetic stamp {i}").CopyTo(inputs, i * sidecar.InputValues);
        }
        return (inputs, labels);
    }
}
