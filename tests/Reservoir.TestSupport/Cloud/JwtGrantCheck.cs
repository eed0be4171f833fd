using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Reservoir.TestSupport.Cloud;

/// <summary>
/// Checks a JWT bearer assertion as Google's token endpoint would: RS256, signed by a known service account's
/// key (looked up by <c>iss</c>), <c>aud</c> = the token endpoint (ours, or Google's
/// <c>https://oauth2.googleapis.com/token</c>, which Google.Apis.Auth always names whatever the key's token_uri),
/// a <c>scope</c>, and a lifetime of at most an hour around now.
/// </summary>
internal static class JwtGrantCheck
{
    public const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    public static string? Problem(string jwt, IReadOnlyDictionary<string, ServiceAccountKey> keys, string tokenUrl)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return $"assertion has {parts.Length} parts, not 3";
        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        if (Text(header, "alg") != "RS256") return $"alg '{Text(header, "alg")}' is not RS256";
        var issuer = Text(payload, "iss") ?? "";
        if (!keys.TryGetValue(issuer, out var key)) return $"iss '{issuer}' is not a known service account";
        if (Text(header, "kid") is { } kid && kid != key.KeyId) return $"kid '{kid}' is not the key id {key.KeyId}";
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!key.Rsa.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            return "signature does not verify with the service account's key";
        if (Text(payload, "aud") is not { } audience || (audience != tokenUrl && audience != GoogleTokenAudience))
            return $"aud '{Text(payload, "aud")}' is neither {tokenUrl} nor {GoogleTokenAudience}";
        if (string.IsNullOrEmpty(Text(payload, "scope"))) return "no scope claim";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!payload.RootElement.TryGetProperty("iat", out var iat) || !payload.RootElement.TryGetProperty("exp", out var exp))
            return "iat or exp missing";
        if (exp.GetInt64() - iat.GetInt64() is <= 0 or > 3600) return $"lifetime {exp.GetInt64() - iat.GetInt64()} s is not 1..3600";
        if (iat.GetInt64() > now + 300 || exp.GetInt64() < now - 300) return $"iat {iat} / exp {exp} are not around now ({now})";
        return null;
    }

    private static string? Text(JsonDocument document, string name) =>
        document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
