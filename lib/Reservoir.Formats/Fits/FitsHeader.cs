using Reservoir.Sdk;

namespace Reservoir.Formats.Fits;

/// <summary>
/// The header of one HDU: its cards in order. Look-ups find the first card with the keyword (as astropy does).
/// Required-value getters throw <see cref="BadInputException"/> naming the file, the HDU and the card.
/// </summary>
public sealed class FitsHeader
{
    private readonly Dictionary<string, FitsCard> _first = new(StringComparer.Ordinal);

    internal FitsHeader(string source, int hduIndex, IReadOnlyList<FitsCard> cards)
    {
        Source = source;
        HduIndex = hduIndex;
        Cards = cards;
        foreach (var card in cards)
            if (!card.IsCommentary) _first.TryAdd(card.Keyword, card);
    }

    public string Source { get; }

    public int HduIndex { get; }

    public IReadOnlyList<FitsCard> Cards { get; }

    public bool Contains(string keyword) => _first.ContainsKey(keyword);

    public bool TryGetCard(string keyword, out FitsCard card) => _first.TryGetValue(keyword, out card!);

    /// <summary>The value of the first card with the keyword, or null when absent or valueless.</summary>
    public object? this[string keyword] => _first.TryGetValue(keyword, out var card) ? card.Value : null;

    public long GetInt64(string keyword) =>
        TryGetInt64(keyword, out var value) ? value : throw Missing(keyword, "an integer");

    public long GetInt64(string keyword, long defaultValue) =>
        TryGetInt64(keyword, out var value) ? value : defaultValue;

    public double GetDouble(string keyword, double defaultValue)
    {
        if (!_first.TryGetValue(keyword, out var card) || card.Value is null) return defaultValue;
        return card.Value switch
        {
            long l => l,
            double d => d,
            _ => throw Wrong(card, "a number"),
        };
    }

    public string? GetString(string keyword) =>
        _first.TryGetValue(keyword, out var card) && card.Value is not null ? card.Value as string ?? throw Wrong(card, "a string") : null;

    public bool GetBoolean(string keyword, bool defaultValue) =>
        _first.TryGetValue(keyword, out var card) && card.Value is not null ? card.Value as bool? ?? throw Wrong(card, "T or F") : defaultValue;

    /// <summary>
    /// Keyword → value for every keyword card (first occurrence wins); COMMENT and HISTORY become string arrays.
    /// Suitable for <c>header.json</c>.
    /// </summary>
    public Dictionary<string, object?> ToDictionary()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var card in Cards)
            if (!card.IsCommentary) result.TryAdd(card.Keyword, card.Value is System.Numerics.Complex c ? new[] { c.Real, c.Imaginary } : card.Value);
        foreach (var kind in new[] { "COMMENT", "HISTORY" })
        {
            var lines = Cards.Where(c => c.Keyword == kind).Select(c => (string?)c.Value ?? "").ToArray();
            if (lines.Length > 0) result[kind] = lines;
        }
        return result;
    }

    private bool TryGetInt64(string keyword, out long value)
    {
        value = 0;
        if (!_first.TryGetValue(keyword, out var card) || card.Value is null) return false;
        value = card.Value switch
        {
            long l => l,
            double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => (long)d,
            _ => throw Wrong(card, "an integer"),
        };
        return true;
    }

    internal BadInputException Missing(string keyword, string what) =>
        new($"{Source}: HDU {HduIndex}: required keyword {keyword} ({what}) is missing");

    internal BadInputException Wrong(FitsCard card, string what) =>
        new($"{Source}: HDU {HduIndex}: card {card.Index} ({card.Keyword}) at byte {card.ByteOffset}: value must be {what}, found '{card.Value}'");
}
