namespace Reservoir.Formats.Fits;

/// <summary>
/// One header card (an 80-character record, or several joined by CONTINUE). <see cref="Value"/> is a
/// <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>, <see cref="string"/>,
/// <see cref="System.Numerics.Complex"/> or null (no value, or a commentary card). A value that does not
/// parse is kept as its raw text with <see cref="IsMalformed"/> set; reading it as a number then fails
/// naming the card.
/// </summary>
/// <param name="Keyword">The keyword; for HIERARCH cards the words after HIERARCH, space-separated.</param>
/// <param name="Index">Position of the card's first record in the header (0-based).</param>
/// <param name="ByteOffset">Offset of the card's first record in the file.</param>
public sealed record FitsCard(string Keyword, object? Value, string? Comment, int Index, long ByteOffset, bool IsMalformed = false)
{
    /// <summary>COMMENT, HISTORY and blank-keyword cards carry free text, not a keyword value.</summary>
    public bool IsCommentary => Keyword is "COMMENT" or "HISTORY" or "";
}
