using System.Globalization;
using System.Text.Json.Serialization;
using Reservoir.Storage.Gcs.Integrity;

namespace Reservoir.Storage.Gcs;

/// <summary>What Cloud Storage knows about one object (the fields of the JSON API resource that we use).</summary>
/// <param name="Crc32c">The object's CRC-32C, or null when the server did not report one (composite objects keep one; emulators may not).</param>
public sealed record GcsObjectMetadata(string Key, long Size, long Generation, DateTimeOffset Updated, uint? Crc32c, string? Md5Hash)
{
    public ObjectInfo ToObjectInfo() => new(Key, Size, Updated);

    internal static GcsObjectMetadata From(GcsObjectResource resource, string objectUri)
    {
        if (resource.Name is null || !long.TryParse(resource.Size, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw new IOException($"{objectUri}: the server's object metadata has no valid name/size (name '{resource.Name}', size '{resource.Size}')");
        long.TryParse(resource.Generation, NumberStyles.None, CultureInfo.InvariantCulture, out var generation);
        uint? crc = Integrity.Crc32c.TryParseBase64(resource.Crc32c, out var parsed) ? parsed : null;
        return new GcsObjectMetadata(resource.Name, size, generation, resource.Updated ?? DateTimeOffset.UnixEpoch, crc, resource.Md5Hash);
    }
}

/// <summary>One page of a listing: objects, and with a delimiter the "folders" (prefixes) below the prefix.</summary>
public sealed record GcsListPage(IReadOnlyList<GcsObjectMetadata> Objects, IReadOnlyList<string> Prefixes, string? NextPageToken);

// Wire forms of the JSON API (numbers of 64 bits are strings there).
internal sealed record GcsObjectResource(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("size")] string? Size,
    [property: JsonPropertyName("generation")] string? Generation,
    [property: JsonPropertyName("updated")] DateTimeOffset? Updated,
    [property: JsonPropertyName("crc32c")] string? Crc32c,
    [property: JsonPropertyName("md5Hash")] string? Md5Hash);

internal sealed record GcsObjectList(
    [property: JsonPropertyName("items")] List<GcsObjectResource>? Items,
    [property: JsonPropertyName("prefixes")] List<string>? Prefixes,
    [property: JsonPropertyName("nextPageToken")] string? NextPageToken);

[JsonSerializable(typeof(GcsObjectResource))]
[JsonSerializable(typeof(GcsObjectList))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class GcsJson : JsonSerializerContext;
