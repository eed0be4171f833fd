using System.Text;
using System.Text.RegularExpressions;

namespace Reservoir.Cli.Publish;

/// <summary>
/// A glob over '/'-separated object keys: <c>*</c> matches within one path segment, <c>?</c> one character of a
/// segment, <c>**</c> any run of characters across segments (<c>**/</c> also matches no folder at all), every
/// other character itself. Case-sensitive, as object keys are; the whole key must match.
/// Example: <c>cam1/2026-11-*/**.fits</c>.
/// </summary>
internal sealed class ObjectGlob
{
    private readonly Regex _regex;

    private ObjectGlob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    public static ObjectGlob Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) throw new ArgumentException("the --match pattern is empty");
        if (pattern.StartsWith('/')) throw new ArgumentException($"the --match pattern '{pattern}' starts with '/': patterns are relative to --from");
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var folderStart = i == 0 || pattern[i - 1] == '/';
                if (folderStart && i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    regex.Append("(?:.*/)?"); // "**/": any number of folders, none included
                    i += 2;
                }
                else
                {
                    regex.Append(".*");
                    i += 1;
                }
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(c.ToString()));
        }
        regex.Append('$');
        return new ObjectGlob(pattern, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1)));
    }

    /// <summary>Whether <paramref name="relativeKey"/> (the key below the listed prefix) matches.</summary>
    public bool IsMatch(string relativeKey) => _regex.IsMatch(relativeKey);
}
