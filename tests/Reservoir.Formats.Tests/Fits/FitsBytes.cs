using System.Text;

namespace Reservoir.Formats.Tests.Fits;

/// <summary>Hand-built FITS headers for corruption tests.</summary>
internal static class FitsBytes
{
    /// <summary>The cards (padded to 80 characters), END, and padding to a 2880-byte block.</summary>
    public static byte[] Header(params string[] cards)
    {
        var text = string.Concat(cards.Append("END").Select(c => c.PadRight(80)));
        text = text.PadRight((text.Length + 2879) / 2880 * 2880);
        return Encoding.ASCII.GetBytes(text);
    }
}
