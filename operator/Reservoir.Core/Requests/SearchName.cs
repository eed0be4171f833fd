using System.Security.Cryptography;
using System.Text;

namespace Reservoir.Core.Requests;

/// <summary>
/// The deterministic name of a search: <c>{observation-slug}-{algorithm-slug}-{hash}</c>, a DNS-1123 label
/// (lowercase alphanumerics and '-', starting and ending alphanumeric, ≤ 63 characters) so it can name a
/// Search resource, its Job and a spool file. The hash covers the whole request identity (observation as
/// given, input, algorithm, parameters), so IDs that slug alike ("A_1" and "a.1") still get distinct names,
/// and the same request always gets the same name.
/// </summary>
public static class SearchName
{
    public const int MaxLength = 63;
    private const int HashLength = 10;
    private const int MaxAlgorithmSlug = 20;

    public static string For(string observation, string input, string algorithm, IReadOnlyDictionary<string, string> parameters)
    {
        var identity = new StringBuilder()
            .Append("observation=").Append(observation).Append('\n')
            .Append("input=").Append(input).Append('\n')
            .Append("algorithm=").Append(algorithm).Append('\n');
        foreach (var (k, v) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            identity.Append("param:").Append(k).Append('=').Append(v).Append('\n');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())))[..HashLength];

        var algorithmSlug = Slug(algorithm, MaxAlgorithmSlug, "alg");
        var observationRoom = MaxLength - HashLength - algorithmSlug.Length - 2;
        var observationSlug = Slug(observation, observationRoom - 1, "obs");
        return $"{observationSlug}-{algorithmSlug}-{hash}";
    }

    /// <summary>True for a DNS-1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters.</summary>
    public static bool IsDns1123Label(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
        if (!IsAlnum(name[0]) || !IsAlnum(name[^1])) return false;
        return name.All(c => IsAlnum(c) || c == '-');
    }

    // Lowercase, every run of other characters becomes one '-', trimmed of '-' at both ends, cut to maxLength.
    private static string Slug(string text, int maxLength, string fallback)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (IsAlnum(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length >= maxLength) break;
        }
        var slug = sb.ToString(0, Math.Min(sb.Length, maxLength)).Trim('-');
        return slug.Length == 0 ? fallback : slug;
    }

    private static bool IsAlnum(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
}
