using System.Buffers.Binary;
using System.Text;
using Reservoir.Sdk;

namespace Reservoir.Algorithms.CnnClassifier.Models.StateDict;

/// <summary>
/// The subset of Python's pickle protocol (2–5) that <c>torch.save(model.state_dict())</c> writes: dicts,
/// lists, tuples, strings, numbers, booleans, None, memo, globals, persistent IDs and REDUCE/BUILD of
/// <c>collections.OrderedDict</c> and <c>torch._utils._rebuild_tensor_v2</c>. Any other global or opcode is a
/// <see cref="BadInputException"/> naming it: arbitrary pickles are never executed.
/// </summary>
internal sealed class PickleReader(byte[] data, string source)
{
    private static readonly object Mark = new();
    private readonly Stack<object?> _stack = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _at;

    public object? Read()
    {
        while (true)
        {
            if (_at >= data.Length) throw Bad("ends before STOP");
            var op = data[_at++];
            switch (op)
            {
                case 0x80: _at++; break; // PROTO
                case 0x95: _at += 8; break; // FRAME
                case (byte)'.': return _stack.Pop(); // STOP
                case (byte)'(': _stack.Push(Mark); break;
                case (byte)'}': _stack.Push(new PickleDict()); break;
                case (byte)']': _stack.Push(new List<object?>()); break;
                case (byte)')': _stack.Push(Array.Empty<object?>()); break;
                case (byte)'N': _stack.Push(null); break;
                case 0x88: _stack.Push(true); break;
                case 0x89: _stack.Push(false); break;
                case (byte)'K': _stack.Push((long)data[_at++]); break;
                case (byte)'M': _stack.Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case (byte)'J': _stack.Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case 0x8a: _stack.Push(Long1(Take(data[_at++]))); break;
                case (byte)'G': _stack.Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'X': _stack.Push(Utf8((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
                case 0x8c: _stack.Push(Utf8(data[_at++])); break;
                case (byte)'U': _stack.Push(Utf8(data[_at++])); break;
                case (byte)'T': _stack.Push(Utf8((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
                case (byte)'C': _stack.Push(Take(data[_at++]).ToArray()); break;
                case (byte)'B': _stack.Push(Take((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4))).ToArray()); break;
                case (byte)'q': _memo[data[_at++]] = _stack.Peek(); break;
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = _stack.Peek(); break;
                case 0x94: _memo[_memo.Count] = _stack.Peek(); break; // MEMOIZE
                case (byte)'h': _stack.Push(Memo(data[_at++])); break;
                case (byte)'j': _stack.Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
                case (byte)'t': _stack.Push(PopToMark().ToArray()); break;
                case 0x85: _stack.Push(Pop(1)); break;
                case 0x86: _stack.Push(Pop(2)); break;
                case 0x87: _stack.Push(Pop(3)); break;
                case (byte)'a': { var v = _stack.Pop(); ((List<object?>)_stack.Peek()!).Add(v); break; }
                case (byte)'e': { var items = PopToMark(); ((List<object?>)_stack.Peek()!).AddRange(items); break; }
                case (byte)'s': { var v = _stack.Pop(); var k = _stack.Pop()!; Dict(_stack.Peek()).Set(k, v); break; }
                case (byte)'u': { var items = PopToMark(); var d = Dict(_stack.Peek()); for (var i = 0; i + 1 < items.Count; i += 2) d.Set(items[i]!, items[i + 1]); break; }
                case (byte)'c': _stack.Push(new PickleGlobal(Line(), Line())); break;
                case 0x93: { var name = (string)_stack.Pop()!; _stack.Push(new PickleGlobal((string)_stack.Pop()!, name)); break; }
                case (byte)'Q': _stack.Push(PersistentLoad(_stack.Pop())); break;
                case (byte)'R': { var args = (object?[])_stack.Pop()!; _stack.Push(Reduce(_stack.Pop(), args)); break; }
                case 0x81: { var args = (object?[])_stack.Pop()!; _stack.Push(Reduce(_stack.Pop(), args)); break; } // NEWOBJ
                case (byte)'b': _stack.Pop(); break; // BUILD: state of an OrderedDict (its _metadata) is not needed
                default: throw Bad($"unsupported pickle opcode 0x{op:x2} at byte {_at - 1}");
            }
        }
    }

    private object? Reduce(object? callable, object?[] args)
    {
        var global = callable as PickleGlobal ?? throw Bad($"REDUCE of {callable?.GetType().Name ?? "None"}, expected a global");
        switch (global.ToString())
        {
            case "collections.OrderedDict":
                return new PickleDict();
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                if (args.Length < 4 || args[0] is not PickleStorage storage) throw Bad($"{global} with unexpected arguments");
                return new PickleTensor(storage, (long)args[1]!, Longs(args[2]), Longs(args[3]));
            case "torch._utils._rebuild_parameter":
                return args.Length > 0 ? args[0] : throw Bad($"{global} without arguments");
            default:
                throw Bad($"refuses to call {global}: only state_dict content (OrderedDict of tensors) is read");
        }
    }

    private PickleStorage PersistentLoad(object? id)
    {
        if (id is not object?[] { Length: >= 5 } t || t[0] as string != "storage" || t[1] is not PickleGlobal type || t[2] is not string key)
            throw Bad("persistent ID is not ('storage', type, key, location, numel)");
        return new PickleStorage(key, type.Name, Convert.ToInt64(t[4]));
    }

    private static long[] Longs(object? tuple) => ((object?[])tuple!).Select(v => (long)v!).ToArray();

    private static PickleDict Dict(object? target) => target as PickleDict ?? throw new InvalidCastException("SETITEM(S) on a non-dict");

    private object? Memo(long key) => _memo.TryGetValue(key, out var v) ? v : throw Bad($"memo key {key} read before it was written");

    private object?[] Pop(int n)
    {
        var items = new object?[n];
        for (var i = n - 1; i >= 0; i--) items[i] = _stack.Pop();
        return items;
    }

    private List<object?> PopToMark()
    {
        var items = new List<object?>();
        while (true)
        {
            var v = _stack.Pop();
            if (ReferenceEquals(v, Mark)) break;
            items.Add(v);
        }
        items.Reverse();
        return items;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (_at + n > data.Length) throw Bad($"truncated at byte {_at}");
        var span = data.AsSpan(_at, n);
        _at += n;
        return span;
    }

    private string Utf8(int n) => Encoding.UTF8.GetString(Take(n));

    private string Line()
    {
        var end = Array.IndexOf(data, (byte)'\n', _at);
        if (end < 0) throw Bad("GLOBAL without a newline");
        var text = Encoding.ASCII.GetString(data, _at, end - _at);
        _at = end + 1;
        return text;
    }

    private static long Long1(ReadOnlySpan<byte> bytes)
    {
        long value = 0;
        for (var i = bytes.Length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        if (bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0) value -= 1L << (8 * bytes.Length);
        return value;
    }

    private BadInputException Bad(string what) => new($"{source}: {what}");
}
