namespace Reservoir.Algorithms.CnnClassifier.Items;

/// <summary>
/// One thing to classify: its name (the <c>item</c> column), the model input (exactly
/// <see cref="Models.ModelSidecar.InputValues"/> float32 values, C order) and the values of the source's extra columns.
/// </summary>
public sealed record ClassifierItem(string Name, float[] Input, object[] Extra);

/// <summary>Turns a location (file, folder, earlier result set) into model inputs, lazily and in a stable order.</summary>
public interface IItemSource
{
    /// <summary>Columns the source adds after <c>item</c> (e.g. <c>index</c>, <c>freqs</c> for stamps).</summary>
    IReadOnlyList<string> ExtraColumns { get; }

    /// <summary>Items in order; a bad item is a <c>BadInputException</c> naming it.</summary>
    IEnumerable<ClassifierItem> Read(CancellationToken cancellationToken);
}
