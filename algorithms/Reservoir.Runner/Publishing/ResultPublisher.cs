using System.Security.Cryptography;
using Reservoir.Runner.Manifest;
using Reservoir.Storage;

namespace Reservoir.Runner.Publishing;

/// <summary>
/// Publishes one result folder (<c>&lt;output&gt;/&lt;observation&gt;/&lt;algorithm&gt;/</c>) in the order that makes
/// "manifest present" mean "result complete": first the old manifest is deleted (so a reader never pairs
/// it with new files), then each artifact is uploaded, then the manifest describing them is written last.
/// A failure or cancellation part-way leaves no manifest.
/// </summary>
internal sealed class ResultPublisher(IObjectStore store, string folderKey)
{
    /// <summary>URI of the result folder's manifest, for messages.</summary>
    public string ManifestUri => store.UriOf(Key(RunManifest.FileName));

    public Task RemoveOldManifestAsync(CancellationToken cancellationToken) =>
        store.DeleteAsync(Key(RunManifest.FileName), cancellationToken);

    /// <summary>Uploads a finished scratch file and returns its manifest entry (size and SHA-256 of the bytes sent).</summary>
    public async Task<ManifestFile> UploadAsync(string name, string localPath, CancellationToken cancellationToken)
    {
        string sha256;
        long bytes;
        await using (var hashed = File.OpenRead(localPath))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(hashed, cancellationToken));
            bytes = hashed.Length;
        }
        await using (var content = File.OpenRead(localPath))
            await store.WriteAsync(Key(name), content, cancellationToken);
        return new ManifestFile(name, bytes, sha256);
    }

    public async Task WriteManifestAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        manifest.WriteTo(buffer);
        buffer.Position = 0;
        await store.WriteAsync(Key(RunManifest.FileName), buffer, cancellationToken);
    }

    private string Key(string name) => ObjectKey.Join(folderKey, name);
}
