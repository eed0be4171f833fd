using System.Globalization;
using Reservoir.Sdk;

namespace Reservoir.Formats.Npy;

/// <summary>
/// Parses the Python dict literal of a .npy header — only what numpy writes there: string keys, string
/// values, True/False, and tuples of integers. Errors name the source and the byte offset.
/// </summary>
internal sealed class NpyHeaderParser(string text, string source, long offset)
{
    private int _i;

    public Dictionary<string, object> ParseDict()
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        Expect('{');
        while (true)
        {
            SkipSpace();
            if (Peek() == '}') { _i++; break; }
            var key = ParseString();
            Expect(':');
            result[key] = ParseValue();
            SkipSpace();
            if (Peek() == ',') { _i++; continue; }
            Expect('}');
            break;
        }
        return result;
    }

    private object ParseValue()
    {
        SkipSpace();
        var c = Peek();
        if (c is '\'' or '"') return ParseString();
        if (c == '(') return ParseTuple();
        if (Match("True")) return true;
        if (Match("False")) return false;
        throw Error($"unexpected '{c}'");
    }

    private long[] ParseTuple()
    {
        Expect('(');
        var dims = new List<long>();
        while (true)
        {
            SkipSpace();
            if (Peek() == ')') { _i++; break; }
            var start = _i;
            while (_i < text.Length && char.IsAsciiDigit(text[_i])) _i++;
            // numpy may write 'L' suffixes (Python 2 longs).
            if (!long.TryParse(text.AsSpan(start, _i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var dim))
                throw Error("expected a non-negative integer dimension");
            if (_i < text.Length && text[_i] == 'L') _i++;
            dims.Add(dim);
            SkipSpace();
            if (Peek() == ',') { _i++; continue; }
            Expect(')');
            break;
        }
        return [.. dims];
    }

    private string ParseString()
    {
        SkipSpace();
        var quote = Peek();
        if (quote is not ('\'' or '"')) throw Error("expected a quoted string");
        var end = text.IndexOf(quote, _i + 1);
        if (end < 0) throw Error("unterminated string");
        var s = text[(_i + 1)..end];
        _i = end + 1;
        return s;
    }

    private bool Match(string word)
    {
        if (string.CompareOrdinal(text, _i, word, 0, word.Length) != 0) return false;
        _i += word.Length;
        return true;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c) throw Error($"expected '{c}'");
        _i++;
    }

    private char Peek() => _i < text.Length ? text[_i] : '\0';

    private void SkipSpace()
    {
        while (_i < text.Length && char.IsWhiteSpace(text[_i])) _i++;
    }

    private BadInputException Error(string problem) =>
        new($"{source}: .npy header at byte {offset + _i}: {problem} in {text.Trim()}");
}
