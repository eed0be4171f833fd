using System.Globalization;
using System.Numerics;

namespace Reservoir.Formats.Fits;

/// <summary>Parses the value field of one 80-character card (FITS 4.0 section 4.2).</summary>
internal static class FitsCardParser
{
    /// <summary>Keyword, value text (after "= ") or null when the card has no value indicator.</summary>
    public static (string Keyword, string? ValueField, bool Hierarch) Split(string card)
    {
        if (card.StartsWith("HIERARCH ", StringComparison.Ordinal))
        {
            var eq = card.IndexOf('=', 9);
            if (eq < 0) return ("HIERARCH", null, false);
            var words = card[9..eq].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (string.Join(' ', words), card[(eq + 1)..], true);
        }
        var keyword = card[..8].TrimEnd();
        var hasValue = card.Length >= 10 && card[8] == '=' && card[9] == ' ';
        return (keyword, hasValue ? card[10..] : null, false);
    }

    /// <summary>
    /// Parses a value field into (value, comment). Returns false when the text is neither a quoted string,
    /// a logical, an integer, a real nor a complex pair.
    /// </summary>
    public static bool TryParseValue(string field, out object? value, out string? comment)
    {
        value = null;
        comment = null;
        var text = field.TrimStart();
        if (text.StartsWith('\''))
        {
            var sb = new System.Text.StringBuilder();
            var i = 1;
            while (true)
            {
                if (i >= text.Length) return false;
                if (text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                    break;
                }
                sb.Append(text[i++]);
            }
            value = sb.ToString().TrimEnd(' ');
            comment = CommentAfter(text[(i + 1)..]);
            return true;
        }
        var slash = text.IndexOf('/');
        var token = (slash >= 0 ? text[..slash] : text).Trim();
        if (slash >= 0) comment = text[(slash + 1)..].Trim();
        if (token.Length == 0) return true;
        if (token == "T" || token == "F") { value = token == "T"; return true; }
        if (token.StartsWith('(') && token.EndsWith(')'))
        {
            var parts = token[1..^1].Split(',');
            if (parts.Length != 2 || !TryReal(parts[0].Trim(), out var re) || !TryReal(parts[1].Trim(), out var im)) return false;
            value = new Complex(re, im);
            return true;
        }
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) { value = integer; return true; }
        // Integers beyond 64 bits (e.g. BZERO = 9223372036854775808 for unsigned 64-bit data) read as reals.
        if (TryReal(token, out var real)) { value = real; return true; }
        return false;
    }

    private static string? CommentAfter(string rest)
    {
        var slash = rest.IndexOf('/');
        return slash >= 0 ? rest[(slash + 1)..].Trim() : null;
    }

    private static bool TryReal(string token, out double value) =>
        double.TryParse(token.Replace('D', 'E').Replace('d', 'e'), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
