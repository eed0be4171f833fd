using Reservoir.Sdk;

namespace Reservoir.Formats.Fits;

/// <summary>
/// Reads one header: 2880-byte blocks of 80-character ASCII cards up to END, joining CONTINUE long strings.
/// </summary>
internal static class FitsHeaderReader
{
    public const int BlockSize = 2880;
    public const int CardSize = 80;

    /// <summary>Reads the header starting at <paramref name="offset"/>; returns it and the offset of its data.</summary>
    public static (FitsHeader Header, long DataOffset) Read(Stream stream, string source, int hduIndex, long offset)
    {
        var cards = new List<FitsCard>();
        var block = new byte[BlockSize];
        var chars = new char[CardSize];
        stream.Position = offset;
        for (var blockStart = offset; ; blockStart += BlockSize)
        {
            var got = stream.ReadAtLeast(block, BlockSize, throwOnEndOfStream: false);
            if (got < BlockSize)
                throw new BadInputException($"{source}: HDU {hduIndex}: the file ends at byte {blockStart + got} inside the header (no END card)");
            for (var c = 0; c < BlockSize / CardSize; c++)
            {
                var cardOffset = blockStart + c * CardSize;
                for (var i = 0; i < CardSize; i++)
                {
                    var b = block[c * CardSize + i];
                    if (b < 0x20 || b > 0x7E)
                        throw new BadInputException($"{source}: HDU {hduIndex}: byte {cardOffset + i} (card {cards.Count}) is 0x{b:X2}, not printable ASCII: not a FITS header");
                    chars[i] = (char)b;
                }
                var text = new string(chars);
                if (cards.Count == 0) CheckFirstCard(text, source, hduIndex, cardOffset);
                if (text.StartsWith("END     ", StringComparison.Ordinal) && text.AsSpan(3).Trim().IsEmpty)
                    return (new FitsHeader(source, hduIndex, cards), blockStart + BlockSize);
                Add(cards, text, cardOffset);
            }
        }
    }

    private static void CheckFirstCard(string text, string source, int hduIndex, long offset)
    {
        var expected = hduIndex == 0 ? "SIMPLE  =" : "XTENSION=";
        if (!text.StartsWith(expected, StringComparison.Ordinal))
            throw new BadInputException($"{source}: HDU {hduIndex}: byte {offset}: the header must begin with {expected.TrimEnd('=', ' ')}, found '{text[..Math.Min(20, text.Length)].TrimEnd()}'");
    }

    private static void Add(List<FitsCard> cards, string text, long offset)
    {
        var (keyword, field, _) = FitsCardParser.Split(text);
        var index = cards.Count;
        if (keyword == "CONTINUE" && cards.Count > 0 && cards[^1].Value is string previous && previous.EndsWith('&')
            && FitsCardParser.TryParseValue(text[8..], out var more, out var moreComment) && more is string tail)
        {
            var head = cards[^1];
            var comment = head.Comment is null ? moreComment : moreComment is null ? head.Comment : head.Comment + " " + moreComment;
            cards[^1] = head with { Value = previous[..^1] + tail, Comment = comment };
            return;
        }
        if (field is null)
        {
            var commentary = keyword is "COMMENT" or "HISTORY" or "" ? text[8..].TrimEnd() : null;
            cards.Add(new FitsCard(keyword, commentary, null, index, offset));
            return;
        }
        if (FitsCardParser.TryParseValue(field, out var value, out var note))
            cards.Add(new FitsCard(keyword, value, note, index, offset));
        else
            cards.Add(new FitsCard(keyword, field.Trim(), null, index, offset, IsMalformed: true));
    }
}
