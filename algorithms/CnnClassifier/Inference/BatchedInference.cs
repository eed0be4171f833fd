using System.Threading.Channels;
using Reservoir.Algorithms.CnnClassifier.Items;
using Reservoir.Algorithms.CnnClassifier.Models;
using TorchSharp;

namespace Reservoir.Algorithms.CnnClassifier.Inference;

/// <summary>One classified item: its probabilities per class (sidecar order).</summary>
public sealed record Classification(ClassifierItem Item, float[] Probabilities)
{
    public int Prediction => Array.IndexOf(Probabilities, Probabilities.Max());
    public float Confidence => Probabilities[Prediction];
}

/// <summary>
/// Runs a model over an item source in batches. Decoding and preprocessing run on a producer task, a bounded
/// queue (two batches) ahead of inference, so reading overlaps the forward passes while memory stays bounded.
/// Results come back in item order.
/// </summary>
public static class BatchedInference
{
    public static async IAsyncEnumerable<Classification> RunAsync(ClassifierModel model, IItemSource source, int batchSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); // frees the producer if we stop early
        var token = stop.Token;
        var queue = Channel.CreateBounded<ClassifierItem>(new BoundedChannelOptions(2 * batchSize) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var item in source.Read(token)) queue.Writer.WriteAsync(item, token).AsTask().GetAwaiter().GetResult();
                queue.Writer.Complete();
            }
            catch (Exception e) { queue.Writer.Complete(e); }
        }, CancellationToken.None);

        var shape = new long[] { 0 }.Concat(model.Sidecar.InputShape.Select(d => (long)d)).ToArray();
        var batch = new List<ClassifierItem>(batchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(cancellationToken))
            {
                while (batch.Count < batchSize && queue.Reader.TryRead(out var item)) batch.Add(item);
                if (batch.Count < batchSize && !queue.Reader.Completion.IsCompleted) continue;
                foreach (var result in Classify(model, batch, shape)) yield return result;
                batch.Clear();
            }
            if (batch.Count > 0) foreach (var result in Classify(model, batch, shape)) yield return result;
        }
        finally
        {
            stop.Cancel();
            await producer; // never throws: a producer failure completes the queue with it, surfacing in the reads above
        }
    }

    private static IEnumerable<Classification> Classify(ClassifierModel model, List<ClassifierItem> batch, long[] shape)
    {
        if (batch.Count == 0) return [];
        shape[0] = batch.Count;
        var values = new float[batch.Sum(i => i.Input.Length)];
        for (var i = 0; i < batch.Count; i++) batch[i].Input.CopyTo(values, i * batch[i].Input.Length);
        using var input = torch.tensor(values, shape);
        using var probabilities = model.Probabilities(input);
        var flat = probabilities.data<float>().ToArray();
        var classes = model.Sidecar.ClassNames.Count;
        return batch.Select((item, i) => new Classification(item, flat.AsSpan(i * classes, classes).ToArray())).ToList();
    }
}
