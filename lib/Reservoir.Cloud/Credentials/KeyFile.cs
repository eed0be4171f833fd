using System.Text.Json;
using Google.Apis.Auth.OAuth2;

namespace Reservoir.Cloud;

/// <summary>
/// Loads a credentials JSON file named by the caller. Only the two types an operator hands us on purpose are
/// accepted, service-account keys and gcloud user credentials: Google advises validating credential files
/// before use, and external-account files can make the library run commands or call arbitrary URLs.
/// </summary>
internal static class KeyFile
{
    private static readonly string[] Accepted = [JsonCredentialParameters.ServiceAccountCredentialType, JsonCredentialParameters.AuthorizedUserCredentialType];

    public static async Task<GoogleCredential> LoadAsync(string path, CancellationToken cancellationToken)
    {
        string? type;
        await using (var stream = File.OpenRead(path))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            type = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        if (type is null || !Accepted.Contains(type))
            throw new InvalidOperationException($"its \"type\" is '{type ?? "(none)"}'; accepted are {string.Join(" and ", Accepted)}");
        return await CredentialFactory.FromFileAsync(path, type, cancellationToken).ConfigureAwait(false);
    }
}
