namespace Reservoir.Algorithms.CnnClassifier.Models.StateDict;

/// <summary>A <c>module.name</c> reference read by GLOBAL / STACK_GLOBAL.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>An ordered dictionary (<c>collections.OrderedDict</c> or a plain dict), keys in insertion order.</summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object, object?>> Items { get; } = [];

    public void Set(object key, object? value)
    {
        var at = Items.FindIndex(p => Equals(p.Key, key));
        if (at >= 0) Items[at] = new(key, value);
        else Items.Add(new(key, value));
    }
}

/// <summary>
/// A storage named by a persistent ID <c>('storage', torch.FloatStorage, key, location, numel)</c>; its bytes
/// are the zip entry <c>data/key</c>.
/// </summary>
internal sealed record PickleStorage(string Key, string StorageType, long Elements);

/// <summary>
/// What <c>torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)</c> describes:
/// a strided view into a storage.
/// </summary>
internal sealed record PickleTensor(PickleStorage Storage, long Offset, long[] Shape, long[] Strides);
