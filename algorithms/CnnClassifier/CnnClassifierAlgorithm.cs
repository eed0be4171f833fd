using Microsoft.Extensions.Logging;
using Reservoir.Algorithms.CnnClassifier.Inference;
using Reservoir.Algorithms.CnnClassifier.Items;
using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Algorithms.CnnClassifier.Runtime;
using Reservoir.Sdk;
using Reservoir.Sdk.Artifacts;

namespace Reservoir.Algorithms.CnnClassifier;

/// <summary>
/// Classifies items with a CNN (ARCHITECTURE.md, "Algorithms"). The model sidecar says what the network is and
/// which items it takes; <c>items</c> says where they are. Row i of <c>info_df.csv</c> is
/// <c>item, [index, freqs for stamps], prediction, prediction_str, confidence, p_&lt;class&gt;…</c> and stamp i of
/// <c>filtered.npy</c> is that item's model input; only items with confidence ≥ <c>min_confidence</c> are written
/// (the SDK keeps rows and stamps one to one). The observation's header goes to <c>header.json</c> as for
/// every algorithm.
/// </summary>
public sealed class CnnClassifierAlgorithm : Algorithm<CnnClassifierParameters>
{
    public override string Name => "cnn-classifier";

    public override string Version => "1.0.0";

    public override string Description => "CNN classification (TorchSharp) of energy-detection stamps, FITS frames, images, light curves and traces";

    public override async Task RunAsync(AlgorithmContext context, CnnClassifierParameters parameters, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureInitialized(parameters.Threads);
        var sidecar = ModelSidecar.Load(parameters.ModelPath);
        using var model = ClassifierModel.Load(sidecar, parameters.Cuda);
        var source = ItemSources.Create(sidecar, parameters.Items, parameters.FluxColumn, parameters.QualityMask);
        var columns = new List<string> { "item" };
        columns.AddRange(source.ExtraColumns);
        columns.AddRange(["prediction", "prediction_str", "confidence"]);
        columns.AddRange(sidecar.ClassNames.Select(c => "p_" + c));
        context.Artifacts.Begin(new ArtifactSchema(columns, [.. sidecar.InputShape]));
        context.Logger.LogInformation("cnn-classifier: {Architecture} from {Weights} on {Device} with {Threads} threads, {Kind} items from {Items}",
            sidecar.Architecture, sidecar.WeightsPath, model.Device.type, TorchRuntime.Threads, sidecar.ItemKind, parameters.Items);

        long seen = 0;
        var row = new object[columns.Count];
        await foreach (var result in BatchedInference.RunAsync(model, source, parameters.BatchSize, cancellationToken))
        {
            seen++;
            if (result.Confidence < parameters.MinConfidence) continue;
            var at = 0;
            row[at++] = result.Item.Name;
            foreach (var extra in result.Item.Extra) row[at++] = extra;
            row[at++] = (long)result.Prediction;
            row[at++] = sidecar.ClassNames[result.Prediction];
            row[at++] = (double)result.Confidence;
            foreach (var p in result.Probabilities) row[at++] = (double)p;
            context.Artifacts.WriteHit(row, result.Item.Input);
            if (seen % 64 == 0) context.Progress.Report(new SearchProgress(seen, 0, "items"));
        }
        context.Artifacts.SetSummary("items_classified", seen);
        context.Artifacts.SetSummary("device", model.Device.type.ToString().ToLowerInvariant());
        context.Logger.LogInformation("cnn-classifier: {Seen} items, {Kept} at confidence >= {Min}", seen, context.Artifacts.HitCount, parameters.MinConfidence);
    }
}
