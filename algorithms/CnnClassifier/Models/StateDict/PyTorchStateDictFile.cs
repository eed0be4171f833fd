using System.IO.Compression;
using System.Runtime.InteropServices;
using Reservoir.Sdk;
using TorchSharp;
using static TorchSharp.torch;

namespace Reservoir.Algorithms.CnnClassifier.Models.StateDict;

/// <summary>
/// Reads a PyTorch <c>torch.save(model.state_dict(), path)</c> file (the zip format of PyTorch ≥ 1.6): the
/// pickle <c>&lt;archive&gt;/data.pkl</c> names each tensor's storage, offset, shape and strides, and
/// <c>&lt;archive&gt;/data/&lt;key&gt;</c> holds the storage's little-endian bytes. float32, float64 and int64
/// storages are supported. Nothing in the file is executed (see <see cref="PickleReader"/>).
/// </summary>
public static class PyTorchStateDictFile
{
    /// <summary>True when the file starts like a zip archive (PyTorch's format; TorchSharp's own format does not).</summary>
    public static bool LooksLikeZip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PK\x03\x04"u8);
    }

    /// <summary>Tensor name → CPU tensor, in file order. The caller disposes the tensors.</summary>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path)
    {
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw new BadInputException($"{path}: not a PyTorch state_dict zip ({e.Message})", e); }
        using (zip)
        {
            var pickle = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                ?? throw new BadInputException($"{path}: no <archive>/data.pkl entry; is this a torch.save file?");
            var prefix = pickle.FullName[..^"data.pkl".Length];
            if (zip.GetEntry(prefix + "byteorder") is { } order && ReadAll(order) is var o && System.Text.Encoding.ASCII.GetString(o) != "little")
                throw new BadInputException($"{path}: byte order '{System.Text.Encoding.ASCII.GetString(o)}' is not supported (only little)");
            var root = new PickleReader(ReadAll(pickle), $"{path}:{pickle.FullName}").Read();
            if (root is not PickleDict dict) throw new BadInputException($"{path}: the pickle is a {root?.GetType().Name ?? "None"}, not a state_dict (OrderedDict of tensors)");
            var result = new List<KeyValuePair<string, Tensor>>();
            foreach (var (key, value) in dict.Items)
            {
                if (key is not string name || value is not PickleTensor tensor)
                    throw new BadInputException($"{path}: entry '{key}' is a {value?.GetType().Name ?? "None"}, not a tensor; save model.state_dict(), not a checkpoint dict");
                var entry = zip.GetEntry($"{prefix}data/{tensor.Storage.Key}")
                    ?? throw new BadInputException($"{path}: tensor '{name}': storage entry {prefix}data/{tensor.Storage.Key} is missing");
                result.Add(new(name, Materialize(path, name, tensor, ReadAll(entry))));
            }
            return result;
        }
    }

    private static Tensor Materialize(string path, string name, PickleTensor t, byte[] bytes)
    {
        using var scope = NewDisposeScope();
        Tensor storage = t.Storage.StorageType switch
        {
            "FloatStorage" => tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray()),
            "DoubleStorage" => tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray()),
            "LongStorage" => tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray()),
            _ => throw new BadInputException($"{path}: tensor '{name}': storage type {t.Storage.StorageType} is not supported (float32, float64, int64 are)"),
        };
        long last = t.Offset;
        for (var i = 0; i < t.Shape.Length; i++) last += Math.Max(0, t.Shape[i] - 1) * t.Strides[i];
        if (t.Shape.Any(s => s == 0)) last = t.Offset - 1;
        if (t.Offset < 0 || last >= storage.shape[0] || t.Strides.Any(s => s < 0))
            throw new BadInputException($"{path}: tensor '{name}': shape [{string.Join(", ", t.Shape)}], strides [{string.Join(", ", t.Strides)}], offset {t.Offset} reach outside its storage of {storage.shape[0]} elements");
        return storage.as_strided(t.Shape, t.Strides, t.Offset).contiguous().clone().MoveToOuterDisposeScope();
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var buffer = new byte[entry.Length];
        stream.ReadExactly(buffer);
        return buffer;
    }
}
