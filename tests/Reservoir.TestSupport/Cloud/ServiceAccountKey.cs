using System.Security.Cryptography;
using System.Text.Json;

namespace Reservoir.TestSupport.Cloud;

/// <summary>A service account made up for a test: a fresh RSA key and the JSON key file Google would hand out.</summary>
internal sealed class ServiceAccountKey
{
    private ServiceAccountKey(string clientEmail, RSA rsa)
    {
        ClientEmail = clientEmail;
        Rsa = rsa;
        KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
    }

    public string ClientEmail { get; }
    public string KeyId { get; }
    public RSA Rsa { get; }

    public static ServiceAccountKey Create(string clientEmail) => new(clientEmail, RSA.Create(2048));

    /// <summary>The key file, in the shape of a downloaded service-account key, with its token_uri set.</summary>
    public string ToJson(string tokenUri) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "test-project",
        ["private_key_id"] = KeyId,
        ["private_key"] = Rsa.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = tokenUri,
    });
}
