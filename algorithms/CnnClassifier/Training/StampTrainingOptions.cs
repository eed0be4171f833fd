namespace Reservoir.Algorithms.CnnClassifier.Training;

/// <summary>How <see cref="StampTrainer"/> trains the stamp classifier. Validated by <see cref="Validate"/> before training.</summary>
public sealed record StampTrainingOptions
{
    /// <summary>Folder that receives <c>stamp-classifier.json</c> and its weights. Required.</summary>
    public required string Output { get; init; }

    /// <summary>Training stamps (a fifth as many more are generated for the held-out check). <value>The default value is 6000.</value></summary>
    public int Samples { get; init; } = 6000;

    /// <summary>Passes over the training stamps. <value>The default value is 6.</value></summary>
    public int Epochs { get; init; } = 6;

    /// <summary>Seed of the stamps, the weight initialisation and the shuffles. <value>The default value is 1.</value></summary>
    public int Seed { get; init; } = 1;

    /// <summary>Integrations per stamp (the model's input height). <value>The default value is 16, as the demo observations.</value></summary>
    public int Integrations { get; init; } = 16;

    /// <summary>Stamps per optimiser step. <value>The default value is 64.</value></summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam learning rate. <value>The default value is 0.002.</value></summary>
    public double LearningRate { get; init; } = 0.002;

    /// <summary>Convolution widths and max pools (-1) of the small VGG. <value>The default value is 8, M, 16, M, 32, M, 32, M.</value></summary>
    public IReadOnlyList<int> Features { get; init; } = [8, -1, 16, -1, 32, -1, 32, -1];

    /// <summary>Width of the two hidden fully connected layers. <value>The default value is 64.</value></summary>
    public int Hidden { get; init; } = 64;

    /// <summary>libtorch threads; 0 = the CPU limit or the core count. <value>The default value is 0.</value></summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Output)) throw new ArgumentException("output: required (the model folder)");
        if (Samples < 30) throw new ArgumentException($"samples: at least 30, got {Samples}");
        if (Epochs < 1) throw new ArgumentException($"epochs: at least 1, got {Epochs}");
        if (Integrations < 1) throw new ArgumentException($"integrations: at least 1, got {Integrations}");
        if (BatchSize < 1) throw new ArgumentException($"batch_size: at least 1, got {BatchSize}");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning_rate: must be positive, got {LearningRate}");
        if (Hidden < 1) throw new ArgumentException($"hidden: at least 1, got {Hidden}");
        if (Threads < 0) throw new ArgumentException($"threads: 0 or more, got {Threads}");
    }
}

/// <summary>What training produced: the sidecar path, held-out accuracy and the confusion matrix [true, predicted].</summary>
public sealed record StampTrainingResult(string SidecarPath, double HeldOutAccuracy, int HeldOutCount, int[,] Confusion, TimeSpan Elapsed);
